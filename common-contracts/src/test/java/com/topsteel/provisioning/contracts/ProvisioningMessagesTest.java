package com.topsteel.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProvisioningMessagesTest {

    @Test
    void a_command_reads_back_as_it_was_written() {
        RunJob command = new RunJob(UUID.randomUUID(), UUID.randomUUID(), JobType.DESTROY_TENANT);
        byte[] body = ProvisioningMessages.toJson(command).getBytes(StandardCharsets.UTF_8);

        assertThat(ProvisioningMessages.read(ProvisioningMessages.RUN_JOB_TYPE, body)).isEqualTo(command);
    }

    @Test
    void a_command_of_an_earlier_release_reads_as_the_run_it_asks_for() {
        UUID jobId = UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        byte[] legacy = ("{\"jobId\": \"" + jobId + "\", \"runId\": \"" + runId + "\", \"societeId\": \"" + UUID.randomUUID()
                + "\", \"societeCode\": \"ACME\", \"societeNom\": \"ACME\", \"databaseName\": \"erp_topsteel_acme\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ProvisioningMessages.isLegacy(ProvisioningMessages.PROVISION_TENANT_TYPE)).isTrue();
        assertThat(ProvisioningMessages.read(ProvisioningMessages.PROVISION_TENANT_TYPE, legacy))
                .isEqualTo(new RunJob(jobId, runId, JobType.PROVISION_TENANT));
        assertThat(ProvisioningMessages.read(ProvisioningMessages.DESTROY_TENANT_TYPE, legacy))
                .isEqualTo(new RunJob(jobId, runId, JobType.DESTROY_TENANT));
    }

    @Test
    void a_command_of_an_unknown_job_type_is_refused() {
        byte[] body = ("{\"jobId\": \"" + UUID.randomUUID() + "\", \"runId\": \"" + UUID.randomUUID()
                + "\", \"type\": \"MINE_BITCOIN\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProvisioningMessages.read(ProvisioningMessages.RUN_JOB_TYPE, body))
                .isInstanceOf(RuntimeException.class);
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
