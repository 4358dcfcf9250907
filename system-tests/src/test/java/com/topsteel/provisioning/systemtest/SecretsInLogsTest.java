package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log scan that guards every system test run finds what it must, and names it without repeating it. */
class SecretsInLogsTest {

    @Test
    void a_line_holding_a_key_or_a_webhook_secret_is_reported_by_file_line_and_kind(@TempDir Path logs) throws Exception {
        Files.write(logs.resolve("system.log"), List.of(
                "INFO all is well",
                "WARN A cookie header was received [Authorization=Bearer " + Api.OPS_KEY + "]",
                "INFO subscribed with whsec_c2VjcmV0"));
        Files.write(logs.resolve("notes.txt"), List.of(Api.CLIENT_KEY));

        List<String> findings = SecretsInLogs.scan(logs);

        assertThat(findings).containsExactly("system.log:2: the development ops API key",
                "system.log:3: a webhook signing secret");
        assertThat(String.join("\n", findings)).doesNotContain(Api.OPS_KEY);
    }

    @Test
    void clean_logs_give_no_finding(@TempDir Path logs) throws Exception {
        Files.write(logs.resolve("worker-process-1.log"), List.of("INFO Job 42 société ACME SUCCEEDED"));

        assertThat(SecretsInLogs.scan(logs)).isEmpty();
    }
}
