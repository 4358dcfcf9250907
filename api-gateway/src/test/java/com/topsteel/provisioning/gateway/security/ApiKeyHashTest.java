package com.topsteel.provisioning.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ApiKeyHashTest {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    @Test
    void a_sha256_line_is_the_digest_of_the_whole_key_in_either_case_of_hex() {
        String line = TestKeys.sha256Line(TestKeys.TSK_KEY);
        ApiKeyHash lower = ApiKeyHash.parse(line);
        ApiKeyHash upper = ApiKeyHash.parse("sha256:" + line.substring("sha256:".length()).toUpperCase());

        assertThat(lower).isInstanceOf(ApiKeyHash.Sha256.class);
        assertThat(lower.isHashOf(TestKeys.TSK_KEY, bcrypt)).isTrue();
        assertThat(upper.isHashOf(TestKeys.TSK_KEY, bcrypt)).isTrue();
        assertThat(lower.isHashOf(TestKeys.TSK_KEY_WRONG_SECRET, bcrypt)).isFalse();
    }

    @Test
    void a_bcrypt_hash_is_read_as_a_legacy_one() {
        ApiKeyHash legacy = ApiKeyHash.parse(TestKeys.DEV_CLIENT_BCRYPT);

        assertThat(legacy).isInstanceOf(ApiKeyHash.Bcrypt.class);
        assertThat(legacy.isHashOf(TestKeys.DEV_CLIENT_KEY, bcrypt)).isTrue();
    }

    @Test
    void a_hash_never_shows_itself() {
        assertThat(ApiKeyHash.parse(TestKeys.DEV_CLIENT_BCRYPT).toString()).doesNotContain("Vw24pY");
        assertThat(ApiKeyHash.parse(TestKeys.sha256Line(TestKeys.DEV_CLIENT_KEY)).toString()).doesNotContain("cc15d2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "topsteel-dev-client-key",          // the key itself, by mistake
            "sha256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50",    // 63 digits
            "sha256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50bb",  // 65 digits
            "sha256:gc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50b",   // not hex
            "SHA256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50b",
            "cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50b",          // no prefix
            "$2a$10$Vw24pYxcysiqps07czNbqOxw1WIx9CT5t1AZ0h26avpNpd47JEEv"})             // a character short
    void a_malformed_line_is_refused_without_being_repeated(String line) {
        assertThatThrownBy(() -> ApiKeyHash.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(line);
    }

    @Test
    void a_missing_hash_is_refused() {
        assertThatThrownBy(() -> ApiKeyHash.parse(null)).hasMessage("hash is missing");
        assertThatThrownBy(() -> ApiKeyHash.parse(" ")).hasMessage("hash is missing");
    }
}
