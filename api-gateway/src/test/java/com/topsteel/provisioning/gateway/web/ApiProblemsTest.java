package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiProblemsTest {

    @Test
    void a_refused_value_is_quoted_back() {
        assertThat(ApiProblems.invalidValue("page", "abc").message()).isEqualTo("has an invalid value 'abc'");
    }

    @Test
    void a_long_refused_value_is_quoted_only_in_part() {
        String message = ApiProblems.invalidValue("code", "x".repeat(10_000)).message();

        assertThat(message).hasSizeLessThan(150).endsWith("…'");
    }

    @Test
    void a_refused_value_postgresql_could_not_store_is_not_quoted_back() {
        assertThat(ApiProblems.invalidValue("id", "a\uD800").message()).isEqualTo("has an invalid value");
        assertThat(ApiProblems.invalidValue("id", "a\u0000").message()).isEqualTo("has an invalid value");
    }
}
