package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ErrorPageProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ErrorPageProblems errorPage = new ErrorPageProblems(JSON);

    @Test
    void a_request_refused_outside_any_controller_is_answered_as_problem_json_with_its_status() throws Exception {
        MockHttpServletResponse response = errorPageFor(400, new IllegalArgumentException("secret detail"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    @Test
    void a_server_failure_is_answered_without_what_it_was_thrown_with() throws Exception {
        MockHttpServletResponse response = errorPageFor(500, new IllegalStateException("password=hunter2"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString()).doesNotContain("hunter2").contains("\"title\":\"Internal Server Error\"");
    }

    @Test
    void the_error_page_asked_for_by_name_is_not_found() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        errorPage.error(new MockHttpServletRequest("GET", "/error"), response);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
    }

    private MockHttpServletResponse errorPageFor(int status, Exception exception) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, exception);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api//societes");
        MockHttpServletResponse response = new MockHttpServletResponse();
        errorPage.error(request, response);
        return response;
    }
}
