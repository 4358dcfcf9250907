package com.topsteel.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SocieteCodeTest {

    private static final String PREFIX = SocieteCode.DEFAULT_DATABASE_PREFIX;

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "acme", "Acme_2", "7ACIERS", "a"})
    void accepts_letters_digits_and_underscores(String code) {
        assertThat(SocieteCode.problemWith(code, PREFIX)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme\"; DROP DATABASE x; --", "../etc", "ac me", "acme-1", "_acme", "ACMÉ",
            "\u0410CME" /* Cyrillic A */, "acme\n", ""})
    void refuses_anything_that_could_escape_an_identifier(String code) {
        assertThat(SocieteCode.problemWith(code, PREFIX)).isPresent();
    }

    @Test
    void refuses_codes_whose_database_would_shadow_the_platform_databases() {
        assertThat(SocieteCode.problemWith("AUTH", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("shared", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("postgres", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("Template0", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("template1", PREFIX)).contains("is reserved");
    }

    @Test
    void refuses_codes_that_would_name_a_template_or_a_warm_pool_database() {
        assertThat(SocieteCode.problemWith("template_v2", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("POOL_1a2b3c", PREFIX)).contains("is reserved");
        assertThat(SocieteCode.problemWith("poolside", PREFIX)).isEmpty();
    }

    @Test
    void bounds_the_length_so_the_database_name_fits_63_bytes() {
        int max = SocieteCode.maxLength(PREFIX);
        assertThat(max).isEqualTo(50);
        assertThat(SocieteCode.problemWith("a".repeat(max), PREFIX)).isEmpty();
        assertThat(SocieteCode.problemWith("a".repeat(max + 1), PREFIX)).get().asString().contains("at most 50");
        assertThat(SocieteCode.databaseName(PREFIX, "a".repeat(max))).hasSize(63);
    }

    @Test
    void acme_and_ACME_name_the_same_database() {
        assertThat(SocieteCode.databaseName(PREFIX, "ACME")).isEqualTo(SocieteCode.databaseName(PREFIX, "acme"))
                .isEqualTo("erp_topsteel_acme");
    }
}
