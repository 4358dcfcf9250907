package com.topsteel.provisioning.gateway.security;

import static com.topsteel.provisioning.gateway.security.TestKeys.entry;
import static com.topsteel.provisioning.gateway.security.TestKeys.settings;
import static com.topsteel.provisioning.gateway.security.TestKeys.sha256Line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** A wrong entry stops the gateway at start, with a message naming the entry and never its hash. */
class MisconfiguredApiKeysTest {

    private static final ApiKeySettings.ApiKey FINE = entry("dev-ops", ApiRole.OPS, null, sha256Line(TestKeys.DEV_OPS_KEY));

    @ParameterizedTest
    @ValueSource(strings = {
            "topsteel-dev-client-key",
            "sha256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff5",
            "cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50b",
            "$2a$10$Vw24pYxcysiqps07czNbqOxw1WIx9CT5t1AZ0h26avpNp"})
    void a_malformed_hash_is_refused_naming_the_entry_not_the_hash(String hash) {
        ApiKeySettings settings = settings(FINE, entry("acme", ApiRole.CLIENT, null, hash));

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("provisioning.security.api-keys[1] ('acme'): ")
                .message().doesNotContain(hash);
    }

    @Test
    void a_missing_hash_is_refused_naming_the_entry() {
        ApiKeySettings settings = settings(entry("acme", ApiRole.CLIENT, null, null), FINE);

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .hasMessage("provisioning.security.api-keys[0] ('acme'): hash is missing");
    }

    @Test
    void an_id_not_of_the_tsk_shape_is_refused_without_being_repeated() {
        ApiKeySettings settings = settings(FINE, entry("acme", ApiRole.CLIENT, TestKeys.TSK_KEY, sha256Line(TestKeys.TSK_KEY)));

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .hasMessageStartingWith("provisioning.security.api-keys[1] ('acme'): id must be")
                .message().doesNotContain(TestKeys.TSK_KEY);
    }

    @Test
    void an_id_with_a_bcrypt_hash_is_refused_as_tsk_keys_never_go_to_bcrypt() {
        ApiKeySettings settings = settings(entry("acme", ApiRole.CLIENT, TestKeys.TSK_ID, TestKeys.DEV_CLIENT_BCRYPT), FINE);

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .hasMessage("provisioning.security.api-keys[0] ('acme'): a key with an id (a tsk_ key) needs a 'sha256:' hash");
    }

    @Test
    void two_entries_with_one_id_are_refused_naming_both() {
        ApiKeySettings settings = settings(
                entry("acme", ApiRole.CLIENT, TestKeys.TSK_ID, sha256Line(TestKeys.TSK_KEY)),
                FINE,
                entry("acme", ApiRole.OPS, TestKeys.TSK_ID, sha256Line(TestKeys.TSK_KEY_WRONG_SECRET)));

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .hasMessage("provisioning.security.api-keys[2] ('acme'): its id is already the id of provisioning.security.api-keys[0] ('acme')");
    }

    @Test
    void one_key_in_two_entries_is_refused_naming_both() {
        ApiKeySettings settings = settings(FINE, entry("ops-too", ApiRole.CLIENT, null, sha256Line(TestKeys.DEV_OPS_KEY)));

        assertThatThrownBy(() -> new ApiKeys(settings, new BCryptPasswordEncoder()))
                .hasMessage("provisioning.security.api-keys[1] ('ops-too'): holds the same key as provisioning.security.api-keys[0] ('dev-ops')");
    }

    @Test
    void a_blank_id_is_as_good_as_none() {
        ApiKeys keys = new ApiKeys(settings(entry("dev-ops", ApiRole.OPS, "", sha256Line(TestKeys.DEV_OPS_KEY))), new BCryptPasswordEncoder());

        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).isPresent();
    }
}
