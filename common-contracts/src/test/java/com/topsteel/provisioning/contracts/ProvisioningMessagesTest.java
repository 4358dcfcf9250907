package com.topsteel.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProvisioningMessagesTest {

    @Test
    void a_command_reads_back_as_it_was_written() {
        DestroyTenant command = new DestroyTenant(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "ACME",
                "Métallurgie ACME", "erp_topsteel_acme");
        byte[] body = ProvisioningMessages.toJson(command).getBytes(StandardCharsets.UTF_8);

        assertThat(ProvisioningMessages.read(command.messageType(), body)).isEqualTo(command);
    }

    @Test
    void the_type_comes_from_the_message_not_from_the_body() {
        assertThatThrownBy(() -> ProvisioningMessages.read("java.lang.Runtime", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown command type");
    }

    @Test
    void the_job_of_an_unreadable_command_can_still_be_named() {
        UUID jobId = UUID.randomUUID();
        byte[] poison = ("{\"jobId\": \"" + jobId + "\", \"runId\": 42, \"societeCode\": [").getBytes(StandardCharsets.UTF_8);
        byte[] named = ("{\"jobId\": \"" + jobId + "\", \"runId\": {}}").getBytes(StandardCharsets.UTF_8);

        assertThat(ProvisioningMessages.jobIdNamedIn(named)).contains(jobId);
        assertThat(ProvisioningMessages.jobIdNamedIn(poison)).isEmpty();
        assertThat(ProvisioningMessages.jobIdNamedIn("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void a_command_that_names_no_job_is_refused() {
        assertThatThrownBy(() -> ProvisioningMessages.read(ProvisioningMessages.PROVISION_TENANT_TYPE,
                "{\"societeCode\": \"ACME\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without jobId");
    }
}
