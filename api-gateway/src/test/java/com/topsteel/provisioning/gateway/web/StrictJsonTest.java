package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** What the gateway's mapper refuses in a request body, and which field the refusal names. */
class StrictJsonTest {

    enum Plan { STARTER, PROFESSIONAL }

    record Settings(List<String> modules, Map<String, Object> theme, String locale) {
    }

    record Request(String nom, String code, Plan plan, Integer maxUsers, Long maxStorageBytes, Boolean trial,
            Double ratio, Settings configuration) {
    }

    private static final JsonMapper JSON = GatewayJsonMapper.get();

    @Test
    void a_body_of_the_right_types_is_read() {
        Request read = JSON.readValue("""
                {"nom": "ACME", "code": "ACME", "plan": "PROFESSIONAL", "maxUsers": 10, "maxStorageBytes": 1073741824,
                 "trial": true, "ratio": 2, "configuration": {"modules": ["stock"], "theme": {"dark": true, "size": 1.5},
                 "locale": "fr"}}""", Request.class);

        assertThat(read.plan()).isEqualTo(Plan.PROFESSIONAL);
        assertThat(read.maxUsers()).isEqualTo(10);
        assertThat(read.ratio()).as("a whole number for a decimal is no loss").isEqualTo(2.0);
        assertThat(read.configuration().theme()).containsEntry("size", 1.5);
    }

    @Test
    void a_number_for_a_text_is_refused() {
        assertRefused("{\"code\": 424242}", "code");
        assertRefused("{\"nom\": 1.5}", "nom");
        assertRefused("{\"nom\": true}", "nom");
        assertRefused("{\"configuration\": {\"modules\": [\"stock\", 7]}}", "configuration.modules[1]");
    }

    @Test
    void a_text_fraction_or_boolean_for_a_whole_number_is_refused() {
        assertRefused("{\"maxUsers\": \"10\"}", "maxUsers");
        assertRefused("{\"maxUsers\": 5.7}", "maxUsers");
        assertRefused("{\"maxUsers\": 5.0}", "maxUsers");
        assertRefused("{\"maxUsers\": \"\"}", "maxUsers");
        assertRefused("{\"maxUsers\": true}", "maxUsers");
        assertRefused("{\"maxStorageBytes\": 1e3}", "maxStorageBytes");
    }

    @Test
    void an_array_in_a_list_of_texts_is_refused_where_it_is_and_the_keys_after_it_stay_in_their_object() {
        assertRefused("{\"configuration\": {\"modules\": [\"stock\", [\"a\", \"b\"]], \"locale\": \"fr\"}}",
                "configuration.modules[1]");
        assertRefused("{\"configuration\": {\"modules\": [\"stock\", [\"a\"]], \"locale\": \"fr\"}, \"nom\": \"x\"}",
                "configuration.modules[1]");
        assertRefused("{\"configuration\": {\"modules\": [[]]}}", "configuration.modules[0]");
    }

    @Test
    void a_whole_number_out_of_range_is_refused_naming_the_field() {
        assertRefused("{\"maxUsers\": 99999999999999999999}", "maxUsers");
        assertRefused("{\"maxStorageBytes\": 99999999999999999999999}", "maxStorageBytes");
    }

    @Test
    void a_text_for_a_boolean_or_a_decimal_is_refused() {
        assertRefused("{\"trial\": \"true\"}", "trial");
        assertRefused("{\"trial\": 1}", "trial");
        assertRefused("{\"ratio\": \"2.5\"}", "ratio");
    }

    @Test
    void a_number_for_an_enum_is_refused_not_taken_as_its_position() {
        assertRefused("{\"plan\": 1}", "plan");
        assertRefused("{\"plan\": 0}", "plan");
        assertRefused("{\"plan\": \"\"}", "plan");
    }

    @Test
    void a_key_given_twice_is_refused_naming_it() {
        JacksonException refused = refusal("{\"nom\": \"a\", \"code\": \"ACME\", \"nom\": \"b\"}");
        assertThat(ApiProblems.bodyProblem(refused)).hasValueSatisfying(problem -> {
            assertThat(problem.field()).isEqualTo("nom");
            assertThat(problem.message()).isEqualTo("appears more than once");
        });
        assertRefused("{\"configuration\": {\"locale\": \"fr\", \"locale\": \"en\"}}", "configuration.locale");
        assertRefused("{\"configuration\": {\"theme\": {\"dark\": true, \"dark\": false}}}", "configuration.theme.dark");
    }

    @Test
    void an_unknown_field_is_refused_naming_it() {
        JacksonException refused = refusal("{\"nom\": \"a\", \"maxUser\": 3}");
        assertThat(ApiProblems.bodyProblem(refused)).hasValueSatisfying(problem -> {
            assertThat(problem.field()).isEqualTo("maxUser");
            assertThat(problem.message()).isEqualTo("is not a known field");
        });
        assertRefused("{\"configuration\": {\"colour\": \"red\"}}", "configuration.colour");
    }

    @Test
    void json_that_is_not_json_names_no_field() {
        assertThat(ApiProblems.bodyProblem(refusal("{\"nom\": "))).isEmpty();
        assertThat(ApiProblems.bodyProblem(refusal("{\"nom\": \"a\"} trailing"))).isEmpty();
    }

    private static void assertRefused(String body, String field) {
        assertThat(ApiProblems.bodyProblem(refusal(body))).as(body).hasValueSatisfying(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.message()).isNotBlank();
        });
    }

    private static JacksonException refusal(String body) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> JSON.readValue(body, Request.class)).as(body)
                .isInstanceOf(JacksonException.class)
                .satisfies(failure -> thrown[0] = failure);
        return (JacksonException) thrown[0];
    }
}
