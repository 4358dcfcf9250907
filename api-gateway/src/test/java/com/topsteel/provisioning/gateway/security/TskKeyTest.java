package com.topsteel.provisioning.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TskKeyTest {

    private static final String SECRET = "2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue";

    @Test
    void a_well_formed_key_gives_its_id() {
        assertThat(TskKey.parse("tsk_k8iedto1_" + SECRET)).contains(new TskKey("k8iedto1"));
        assertThat(TskKey.parse("tsk_abcd_" + SECRET + SECRET)).contains(new TskKey("abcd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "tsk_", "tsk_k8iedto1", "tsk_k8iedto1_",
            "tsk_K8IEDTO1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue",   // upper-case id
            "tsk_abc_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue",        // id too short
            "tsk_abcdefghijklmnopq_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue", // id too long
            "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpu",    // 42-character secret
            "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuh_wHTB8j7JJk93aYpue",   // '_' in the secret
            "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuh-wHTB8j7JJk93aYpue",   // '-' in the secret
            "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue_x", // a third part
            "xtsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue",
            " tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue"})
    void a_key_not_of_the_shape_gives_no_id(String presented) {
        assertThat(TskKey.parse(presented)).isEmpty();
    }

    @Test
    void a_key_claims_the_shape_by_its_prefix_alone() {
        assertThat(TskKey.claims("tsk_garbage")).isTrue();
        assertThat(TskKey.claims("topsteel-dev-client-key")).isFalse();
    }

    @Test
    void an_id_is_four_to_sixteen_lower_case_letters_or_digits() {
        assertThat(TskKey.isId("k8iedto1")).isTrue();
        assertThat(TskKey.isId("abcd")).isTrue();
        assertThat(TskKey.isId("abc")).isFalse();
        assertThat(TskKey.isId("abcd_efg")).isFalse();
        assertThat(TskKey.isId("ABCD")).isFalse();
    }
}
