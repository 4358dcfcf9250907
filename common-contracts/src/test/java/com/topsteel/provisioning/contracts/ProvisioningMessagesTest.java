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
    void a_command_that_names_no_job_is_refused() {
        assertThatThrownBy(() -> ProvisioningMessages.read(ProvisioningMessages.PROVISION_TENANT_TYPE,
                "{\"societeCode\": \"ACME\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without jobId");
    }
}
