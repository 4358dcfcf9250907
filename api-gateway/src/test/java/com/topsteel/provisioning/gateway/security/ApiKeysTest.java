package com.topsteel.provisioning.gateway.security;

import static com.topsteel.provisioning.gateway.security.TestKeys.entry;
import static com.topsteel.provisioning.gateway.security.TestKeys.settings;
import static com.topsteel.provisioning.gateway.security.TestKeys.sha256Line;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeysTest {

    private static final ApiKeySettings.ApiKey TSK_CLIENT = entry("tsk-client", ApiRole.CLIENT, TestKeys.TSK_ID, sha256Line(TestKeys.TSK_KEY));
    private static final ApiKeySettings.ApiKey DEV_CLIENT = entry("dev-client", ApiRole.CLIENT, null, sha256Line(TestKeys.DEV_CLIENT_KEY));
    private static final ApiKeySettings.ApiKey DEV_OPS = entry("dev-ops", ApiRole.OPS, null, sha256Line(TestKeys.DEV_OPS_KEY));
    private static final ApiKeySettings.ApiKey LEGACY_OTHER_CLIENT = entry("other-client", ApiRole.CLIENT, null, TestKeys.OTHER_CLIENT_BCRYPT);
    private static final ApiKeySettings.ApiKey LEGACY_DEV_OPS = entry("dev-ops", ApiRole.OPS, null, TestKeys.DEV_OPS_BCRYPT);

    private final TestKeys.CountingBcrypt bcrypt = new TestKeys.CountingBcrypt();

    @Test
    void a_tsk_key_is_found_by_its_id_and_opens_with_its_entry_name_and_role() {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, TSK_CLIENT, DEV_OPS), bcrypt);

        assertThat(keys.authenticate(TestKeys.TSK_KEY)).contains(TSK_CLIENT);
    }

    @Test
    void a_tsk_key_with_a_known_id_and_a_wrong_secret_is_refused() {
        ApiKeys keys = new ApiKeys(settings(TSK_CLIENT), bcrypt);

        assertThat(keys.authenticate(TestKeys.TSK_KEY_WRONG_SECRET)).isEmpty();
    }

    @Test
    void a_tsk_key_is_refused_when_its_id_is_unknown_even_if_its_digest_is_configured_without_one() {
        ApiKeySettings.ApiKey withoutId = entry("tsk-client", ApiRole.CLIENT, null, sha256Line(TestKeys.TSK_KEY_UNKNOWN_ID));
        ApiKeys keys = new ApiKeys(settings(TSK_CLIENT, withoutId), bcrypt);

        assertThat(keys.authenticate(TestKeys.TSK_KEY_UNKNOWN_ID)).isEmpty();
    }

    @Test
    void the_development_keys_open_by_their_sha256_with_their_names_and_roles() {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, DEV_OPS, TSK_CLIENT), bcrypt);

        assertThat(keys.authenticate(TestKeys.DEV_CLIENT_KEY)).contains(DEV_CLIENT);
        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).contains(DEV_OPS);
        assertThat(keys.authenticate("topsteel-dev-client-keyx")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-key", "topsteel-dev-ops-key ", "tsk_", "tsk_k8iedto1_short",
            TestKeys.TSK_KEY_WRONG_SECRET, TestKeys.TSK_KEY_UNKNOWN_ID})
    void without_bcrypt_entries_no_refusal_costs_a_bcrypt_check(String presented) {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, DEV_OPS, TSK_CLIENT), bcrypt);

        assertThat(keys.authenticate(presented)).isEmpty();
        assertThat(bcrypt.checks()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tsk_", "tsk_garbage", "tsk_k8iedto1_short", TestKeys.TSK_KEY_WRONG_SECRET, TestKeys.TSK_KEY_UNKNOWN_ID})
    void an_empty_or_tsk_shaped_key_never_reaches_bcrypt_even_with_bcrypt_entries(String presented) {
        ApiKeys keys = new ApiKeys(settings(TSK_CLIENT, LEGACY_OTHER_CLIENT, LEGACY_DEV_OPS), bcrypt);

        assertThat(keys.authenticate(presented)).isEmpty();
        assertThat(bcrypt.checks()).isZero();
    }

    @Test
    void a_key_with_a_bcrypt_hash_is_accepted_then_remembered_without_another_check() {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, LEGACY_OTHER_CLIENT, LEGACY_DEV_OPS), bcrypt);

        // one check per BCrypt entry, in their order, up to the one that matches
        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).contains(LEGACY_DEV_OPS);
        assertThat(bcrypt.checks()).isEqualTo(2);

        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).contains(LEGACY_DEV_OPS);
        assertThat(bcrypt.checks()).isEqualTo(2);
    }

    @Test
    void an_unknown_key_costs_one_check_per_bcrypt_entry_once_then_is_refused_from_memory() {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, LEGACY_OTHER_CLIENT, LEGACY_DEV_OPS), bcrypt);

        assertThat(keys.authenticate("not-a-key")).isEmpty();
        assertThat(bcrypt.checks()).isEqualTo(2);
        assertThat(keys.authenticate("not-a-key")).isEmpty();
        assertThat(bcrypt.checks()).isEqualTo(2);
    }

    @Test
    void once_every_bcrypt_key_has_been_verified_unknown_keys_cost_no_check() {
        ApiKeys keys = new ApiKeys(settings(LEGACY_OTHER_CLIENT, LEGACY_DEV_OPS), bcrypt);
        assertThat(keys.authenticate(TestKeys.OTHER_CLIENT_KEY)).contains(LEGACY_OTHER_CLIENT);
        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).contains(LEGACY_DEV_OPS);
        int checksToVerify = bcrypt.checks();

        assertThat(keys.authenticate("not-a-key")).isEmpty();
        assertThat(keys.authenticate(TestKeys.DEV_CLIENT_KEY)).isEmpty();
        assertThat(bcrypt.checks()).isEqualTo(checksToVerify);
    }

    @Test
    void the_development_keys_still_open_by_their_old_bcrypt_hashes() {
        ApiKeySettings.ApiKey legacyDevClient = entry("dev-client", ApiRole.CLIENT, null, TestKeys.DEV_CLIENT_BCRYPT);
        ApiKeys keys = new ApiKeys(settings(legacyDevClient, LEGACY_DEV_OPS, LEGACY_OTHER_CLIENT), bcrypt);

        assertThat(keys.authenticate(TestKeys.DEV_CLIENT_KEY)).contains(legacyDevClient);
        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).contains(LEGACY_DEV_OPS);
        assertThat(keys.authenticate(TestKeys.OTHER_CLIENT_KEY)).contains(LEGACY_OTHER_CLIENT);
    }

    @Test
    void each_bcrypt_entry_is_named_once_in_a_warning_without_its_hash(CapturedOutput output) {
        new ApiKeys(settings(DEV_CLIENT, LEGACY_OTHER_CLIENT, LEGACY_DEV_OPS), bcrypt);

        assertThat(output.getOut().lines().filter(line -> line.contains("WARN"))).satisfiesExactly(
                line -> assertThat(line).contains("API key 'other-client' is configured by a BCrypt hash"),
                line -> assertThat(line).contains("API key 'dev-ops' is configured by a BCrypt hash"));
        assertThat(output.getAll()).doesNotContain(TestKeys.OTHER_CLIENT_BCRYPT, TestKeys.DEV_OPS_BCRYPT, "cc15d2");
    }

    @Test
    void the_entries_holding_a_key_are_found_whatever_their_hash() {
        ApiKeys keys = new ApiKeys(settings(DEV_CLIENT, LEGACY_DEV_OPS, TSK_CLIENT), bcrypt);

        assertThat(keys.holdersOf(TestKeys.DEV_CLIENT_KEY)).containsExactly(DEV_CLIENT);
        assertThat(keys.holdersOf(TestKeys.DEV_OPS_KEY)).containsExactly(LEGACY_DEV_OPS);
        assertThat(keys.holdersOf(TestKeys.TSK_KEY)).containsExactly(TSK_CLIENT);
        assertThat(keys.holdersOf("not-a-key")).isEmpty();
    }
}
