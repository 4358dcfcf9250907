package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void no_query_an_ordinary_one_and_empty_parameters_have_no_problem() {
        assertThat(QueryString.firstProblem(null)).isEmpty();
        assertThat(QueryString.firstProblem("")).isEmpty();
        assertThat(QueryString.firstProblem("code=ACME&page=0&size=20")).isEmpty();
        assertThat(QueryString.firstProblem("code=M%C3%A9tal+lurgie&&dryRun")).isEmpty();
        assertThat(QueryString.firstProblem("from=%2B2026-01-01T00:00:00%2B01:00")).isEmpty();
    }

    @Test
    void decoding_follows_form_encoding_plus_is_a_space_and_bytes_are_utf8() {
        assertThat(QueryString.decode("M%C3%A9tal+lurgie")).contains("Métal lurgie");
        assertThat(QueryString.decode("%F0%9F%94%A9")).contains("\uD83D\uDD29");
    }

    @Test
    void a_malformed_percent_encoding_is_refused_naming_its_parameter() {
        assertThat(QueryString.firstProblem("page=1&code=%ff%fe")).hasValueSatisfying(problem -> {
            assertThat(problem.field()).isEqualTo("code");
            assertThat(problem.message()).contains("percent-encoded UTF-8");
        });
        assertThat(QueryString.firstProblem("code=%zz")).get().extracting(FieldProblem::field).isEqualTo("code");
        assertThat(QueryString.firstProblem("code=abc%")).get().extracting(FieldProblem::field).isEqualTo("code");
        assertThat(QueryString.firstProblem("code=%4")).get().extracting(FieldProblem::field).isEqualTo("code");
    }

    @Test
    void an_encoded_surrogate_is_not_utf8_and_is_refused() {
        assertThat(QueryString.firstProblem("societeCode=%ED%A0%80")).get().extracting(FieldProblem::field)
                .isEqualTo("societeCode");
    }

    @Test
    void nul_in_a_value_is_refused_naming_its_parameter() {
        assertThat(QueryString.firstProblem("societeCode=AC%00ME")).hasValueSatisfying(problem -> {
            assertThat(problem.field()).isEqualTo("societeCode");
            assertThat(problem.message()).isEqualTo(StorableText.PROBLEM);
        });
    }

    @Test
    void a_name_that_cannot_be_read_or_is_missing_is_refused_as_the_query() {
        assertThat(QueryString.firstProblem("=ACME")).get().extracting(FieldProblem::field).isEqualTo("query");
        assertThat(QueryString.firstProblem("co%00de=ACME")).get().extracting(FieldProblem::field).isEqualTo("query");
        assertThat(QueryString.firstProblem("%ff=ACME")).get().extracting(FieldProblem::field).isEqualTo("query");
    }
}
