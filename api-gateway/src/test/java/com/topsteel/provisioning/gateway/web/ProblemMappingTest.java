package com.topsteel.provisioning.gateway.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Each failure a controller can meet leaves as RFC 9457 problem+json, with the status and fields a client acts on. */
class ProblemMappingTest {

    record Body(@NotBlank String nom, @Max(10) Integer maxUsers) {
    }

    @RestController
    static class Failing {

        @GetMapping("/missing")
        String missing() {
            throw new NotFoundException("No société 42");
        }

        @GetMapping("/taken")
        String taken() {
            throw new ConflictException("code", "Le code société ACME est déjà utilisé");
        }

        @GetMapping("/busy")
        String busy() {
            throw new ServiceBusyException("Too many streams");
        }

        @GetMapping("/invalid/{field}")
        String invalid(@PathVariable String field) {
            throw new InvalidFieldException(field, "must be after from");
        }

        @PostMapping("/bodies")
        String accept(@Valid @RequestBody Body body) {
            return "ok";
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing()).setControllerAdvice(new ApiProblems()).build();

    @Test
    void an_unknown_record_is_404() throws Exception {
        mvc.perform(get("/missing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No société 42"));
    }

    @Test
    void a_conflict_is_409_naming_its_field() throws Exception {
        mvc.perform(get("/taken"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("code"));
    }

    @Test
    void a_busy_gateway_answers_503_and_when_to_try_again() throws Exception {
        mvc.perform(get("/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void a_field_refused_beyond_its_format_is_400_naming_it() throws Exception {
        mvc.perform(get("/invalid/to"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid fields: to"))
                .andExpect(jsonPath("$.errors[0].field").value("to"))
                .andExpect(jsonPath("$.errors[0].message").value("must be after from"));
    }

    @Test
    void every_invalid_field_of_a_body_is_named_in_order() throws Exception {
        mvc.perform(post("/bodies").contentType(MediaType.APPLICATION_JSON).content("{\"nom\": \" \", \"maxUsers\": 11}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("maxUsers"))
                .andExpect(jsonPath("$.errors[1].field").value("nom"));
    }

    @Test
    void a_body_that_is_not_json_is_400() throws Exception {
        mvc.perform(post("/bodies").contentType(MediaType.APPLICATION_JSON).content("{\"nom\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The request body is not valid JSON"));
    }
}
