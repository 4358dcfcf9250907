package com.topsteel.provisioning.gateway.security;

import static com.topsteel.provisioning.gateway.security.TestKeys.entry;
import static com.topsteel.provisioning.gateway.security.TestKeys.settings;
import static com.topsteel.provisioning.gateway.security.TestKeys.sha256Line;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Production refuses to start with a published development key, however it is hashed, or without an OPS key. */
class DevelopmentKeysGuardTest {

    private static final ApiKeySettings.ApiKey OWN_OPS = entry("ops", ApiRole.OPS, TestKeys.TSK_ID, sha256Line(TestKeys.TSK_KEY));

    @Test
    void a_development_key_hashed_with_sha256_is_refused() {
        assertRefused(settings(OWN_OPS, entry("dev-client", ApiRole.CLIENT, null, sha256Line(TestKeys.DEV_CLIENT_KEY))),
                "API key 'dev-client' is a published development key");
    }

    @Test
    void a_development_key_hashed_with_bcrypt_is_refused() {
        assertRefused(settings(OWN_OPS, entry("old-ops", ApiRole.OPS, null, TestKeys.DEV_OPS_BCRYPT)),
                "API key 'old-ops' is a published development key");
    }

    @Test
    void no_ops_key_is_refused() {
        assertRefused(settings(entry("acme", ApiRole.CLIENT, TestKeys.TSK_ID, sha256Line(TestKeys.TSK_KEY))),
                "no OPS API key configured");
    }

    @Test
    void own_keys_with_an_ops_key_start() {
        ApiKeySettings settings = settings(OWN_OPS, entry("legacy-client", ApiRole.CLIENT, null, TestKeys.OTHER_CLIENT_BCRYPT));

        assertThatCode(() -> new DevelopmentKeysGuard(settings, new ApiKeys(settings, new BCryptPasswordEncoder())))
                .doesNotThrowAnyException();
    }

    private static void assertRefused(ApiKeySettings settings, String reason) {
        assertThatThrownBy(() -> new DevelopmentKeysGuard(settings, new ApiKeys(settings, new BCryptPasswordEncoder())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(reason);
    }
}
