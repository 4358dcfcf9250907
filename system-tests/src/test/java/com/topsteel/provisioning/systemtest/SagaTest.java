package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobrunr.scheduling.JobScheduler;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.worker.intake.JobExecution;
import com.topsteel.provisioning.worker.saga.JobLease;

import tools.jackson.databind.JsonNode;

/**
 * The saga's promises: transient faults are retried, permanent ones roll back completely,
 * a repeated command runs once, destroy leaves nothing behind, and an operator can retry.
 */
class SagaTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> PROVISION_STEPS = List.of("claim-societe", "create-database",
            "migrate-tenant-schema", "seed-tenant-data", "create-default-users", "activate-societe");


    @Test
    void a_transient_fault_in_any_provision_step_is_retried_and_the_job_succeeds() {
        Map<String, String> jobIdByStep = new LinkedHashMap<>();
        for (String step : PROVISION_STEPS) {
            String code = ProvisionTenantTest.uniqueCode("FLAKY");
            system.faults().failTransiently(code, step, 1);
            jobIdByStep.put(step, provision(code));
        }

        jobIdByStep.forEach((faultyStep, jobId) -> {
            JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.path("status").asString()).as("job with a fault in " + faultyStep).isEqualTo("SUCCEEDED");
            assertThat(job.path("attempts").asInt()).isEqualTo(2);
            assertThat(job.path("steps").values()).allSatisfy(step -> {
                assertThat(step.path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(step.path("attempts").asInt())
                        .as(step.path("name").asString())
                        .isEqualTo(step.path("name").asString().equals(faultyStep) ? 2 : 1);
            });
        });
    }

    @Test
    void a_permanent_fault_in_any_provision_step_leaves_no_database_no_societe_and_no_users() {
        Map<String, String> codeByStep = new LinkedHashMap<>();
        Map<String, String> jobIdByStep = new LinkedHashMap<>();
        for (String step : PROVISION_STEPS) {
            String code = ProvisionTenantTest.uniqueCode("BROKEN");
            system.faults().failPermanently(code, step);
            codeByStep.put(step, code);
            jobIdByStep.put(step, provision(code));
        }

        jobIdByStep.forEach((faultyStep, jobId) -> {
            String code = codeByStep.get(faultyStep);
            JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.path("status").asString()).as("job with a fault in " + faultyStep).isEqualTo("FAILED");
            assertThat(job.path("lastError").asString()).contains("injected permanent fault in " + faultyStep);
            assertThat(job.path("message").asString()).contains("à l'étape " + faultyStep).contains("rollback effectué");
            int failedAt = PROVISION_STEPS.indexOf(faultyStep);
            assertThat(job.path("steps").values()).hasSize(failedAt + 1).allSatisfy(step ->
                    assertThat(step.path("status").asString()).isEqualTo("COMPENSATED"));
            assertNothingLeftOf(code);
        });
    }

    @Test
    void a_step_that_keeps_failing_transiently_is_given_up_and_rolled_back() {
        String code = ProvisionTenantTest.uniqueCode("DOWN");
        system.faults().failTransiently(code, "seed-tenant-data", 100);
        String jobId = provision(code);

        JsonNode retrying = api.awaitStatus(jobId, "RETRYING", JOB_TIMEOUT);
        assertThat(retrying.path("nextAttemptAt").asString()).isNotBlank();
        assertThat(retrying.path("lastError").asString()).contains("injected fault: connection refused");
        assertThat(retrying.path("steps").get(3).path("status").asString()).isEqualTo("FAILED");

        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("lastError").asString()).startsWith("gave up after 3 attempts");
        assertThat(job.path("steps").get(3).path("attempts").asInt()).isEqualTo(3);
        assertNothingLeftOf(code);
    }

    @Test
    void the_same_command_delivered_twice_runs_once() {
        String code = ProvisionTenantTest.uniqueCode("TWICE");
        String jobId;
        system.pauseWorker();
        try {
            jobId = provision(code);
            db.awaitPublished(jobId, Duration.ofSeconds(30));
            Map<String, Object> outbox = db.auth().sql("""
                    select message_type, payload from provisioning.outbox where payload like :job""")
                    .param("job", "%" + jobId + "%").query().singleRow();
            MessageProperties properties = new MessageProperties();
            properties.setType((String) outbox.get("message_type"));
            properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
            system.rabbit().send(ProvisioningQueues.COMMANDS_EXCHANGE, ProvisioningQueues.PROVISION_TENANT_ROUTING_KEY,
                    new Message(((String) outbox.get("payload")).getBytes(), properties));
        } finally {
            system.resumeWorker();
        }

        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("steps").values()).allSatisfy(step -> assertThat(step.path("attempts").asInt()).isEqualTo(1));
        assertThat(db.count("select count(*) from users where email like '%@" + code.toLowerCase() + ".topsteel.local'"))
                .isEqualTo(2);
        assertThat(system.services.databasesOfThisRun()).containsOnlyOnce(system.databaseName(code));
    }

    @Test
    void a_jobrunr_attempt_finding_the_job_held_elsewhere_is_tried_again_later_and_finishes_it() {
        String code = ProvisionTenantTest.uniqueCode("HELD");
        UUID jobId;
        UUID runId;
        JobLease.Held heldElsewhere;
        system.pauseWorker();
        try {
            jobId = UUID.fromString(provision(code));
            db.awaitPublished(jobId.toString(), Duration.ofSeconds(30));
            runId = db.auth().sql("select run_id from provisioning.jobs where id = :id").param("id", jobId)
                    .query(UUID.class).single();
            heldElsewhere = system.workerBean(JobLease.class).tryAcquire(jobId).orElseThrow();
            system.workerBean(JobScheduler.class).<JobExecution>enqueue(runId, execution -> execution.run(jobId, runId));
        } finally {
            system.resumeWorker();
        }
        Eventually.await("JobRunr's attempt put off while the job is held", JOB_TIMEOUT,
                () -> db.count("select count(*) from jobrunr_jobs where id = '" + runId + "' and state = 'SCHEDULED'"),
                putOff -> putOff == 1);
        assertThat(api.get("/api/jobs/" + jobId).body().path("status").asString())
                .as("the command found the job held and left it").isEqualTo("QUEUED");

        heldElsewhere.close();

        JsonNode job = api.awaitFinished(jobId.toString(), JOB_TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("steps").values()).allSatisfy(step -> assertThat(step.path("attempts").asInt()).isEqualTo(1));
    }

    @Test
    void destroy_removes_the_database_the_societe_its_users_links_and_settings_and_frees_the_code() {
        String code = ProvisionTenantTest.uniqueCode("GONE");
        JsonNode accepted = api.provision(ProvisionTenantTest.body("Disparue", code)).body();
        api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT);
        String societeId = accepted.path("societeId").asString();
        List<UUID> userIds = db.auth().sql("select user_id from societe_users where societe_id = :id")
                .param("id", UUID.fromString(societeId)).query(UUID.class).list();
        assertThat(userIds).hasSize(2);

        Api.Response destroy = api.delete("/api/societes/" + societeId + "/destroy-tenant");

        assertThat(destroy.status()).isEqualTo(202);
        String jobId = destroy.body().path("jobId").asString();
        assertThat(destroy.location()).isEqualTo("/api/jobs/" + jobId);
        assertThat(destroy.body().path("success").asBoolean()).isTrue();
        assertThat(destroy.body().path("databaseName").asString()).isEqualTo(system.databaseName(code));
        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("message").asString())
                .isEqualTo("Société \"Disparue\" et sa base de données supprimées avec succès");
        assertThat(job.path("steps").values()).extracting(step -> step.path("name").asString())
                .containsExactly("final-backup", "mark-deleting", "drop-database", "keep-for-recovery", "remove-users",
                        "delete-societe", "erase-backups");
        assertNothingLeftOf(code);
        for (String table : List.of("user_settings", "notification_settings", "societe_users")) {
            assertThat(db.auth().sql("select count(*) from " + table + " where user_id in (:ids)")
                    .param("ids", userIds).query(Long.class).single()).as(table).isZero();
        }
        assertThat(api.get("/api/societes/" + societeId).status()).isEqualTo(404);

        JsonNode again = api.provision(ProvisionTenantTest.body("Renaissance", code)).body();
        assertThat(api.awaitFinished(again.path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .as("a destroyed code can be provisioned again").isEqualTo("SUCCEEDED");
    }

    @Test
    void destroy_is_refused_while_the_societe_is_being_provisioned_and_for_an_unknown_societe() {
        String code = ProvisionTenantTest.uniqueCode("BUSY");
        JsonNode accepted;
        system.pauseWorker();
        try {
            accepted = api.provision(ProvisionTenantTest.body("Occupée", code)).body();
            Api.Response refused = api.delete("/api/societes/" + accepted.path("societeId").asString() + "/destroy-tenant");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        } finally {
            system.resumeWorker();
        }
        assertThat(api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.delete("/api/societes/" + UUID.randomUUID() + "/destroy-tenant").status()).isEqualTo(404);
    }

    @Test
    void destroy_cleans_up_what_an_incomplete_rollback_left_behind() {
        String code = ProvisionTenantTest.uniqueCode("LEFTOVER");
        system.faults().failPermanently(code, "create-default-users");
        system.faults().failCompensation(code, "create-database");
        JsonNode accepted = api.provision(ProvisionTenantTest.body("Restes", code)).body();
        JsonNode failed = api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT);
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("lastError").asString()).contains("rollback incomplete: create-database");
        assertThat(db.exists(system.databaseName(code))).as("left by the failed undo").isTrue();
        String societeId = accepted.path("societeId").asString();
        assertThat(api.get("/api/societes/" + societeId).body().path("status").asString()).isEqualTo("PROVISIONING");

        Api.Response destroy = api.delete("/api/societes/" + societeId + "/destroy-tenant");

        assertThat(destroy.status()).isEqualTo(202);
        assertThat(api.awaitFinished(destroy.body().path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        assertNothingLeftOf(code);
    }

    @Test
    void an_operator_retries_a_failed_job_and_it_runs_again_from_a_clean_state() {
        String code = ProvisionTenantTest.uniqueCode("AGAIN");
        system.faults().failPermanently(code, "migrate-tenant-schema", 1);
        JsonNode accepted = api.provision(ProvisionTenantTest.body("Seconde chance", code)).body();
        String jobId = accepted.path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("FAILED");
        assertNothingLeftOf(code);

        Api.Response retried = api.post("/api/jobs/" + jobId + "/retry", "");

        assertThat(retried.status()).isEqualTo(202);
        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("runs").asInt()).isEqualTo(2);
        assertThat(job.path("steps").values()).allSatisfy(step -> assertThat(step.path("attempts").asInt()).isEqualTo(1));
        JsonNode societe = api.get("/api/societes/" + accepted.path("societeId").asString()).body();
        assertThat(societe.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(societe.path("maxUsers").asInt()).as("recorded again from the accepted request").isEqualTo(10);
        assertThat(db.exists(system.databaseName(code))).isTrue();

        Api.Response notFailed = api.post("/api/jobs/" + jobId + "/retry", "");
        assertThat(notFailed.status()).isEqualTo(409);
        assertThat(notFailed.body().path("detail").asString()).contains("SUCCEEDED");
        assertThat(api.post("/api/jobs/" + UUID.randomUUID() + "/retry", "").status()).isEqualTo(404);
    }

    private static String provision(String code) {
        Api.Response accepted = api.provision(ProvisionTenantTest.body("Société " + code, code));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.body().path("jobId").asString();
    }

    private static void assertNothingLeftOf(String code) {
        assertThat(db.exists(system.databaseName(code))).as("database of " + code).isFalse();
        assertThat(db.count("select count(*) from societes where lower(code) = '" + code.toLowerCase() + "'"))
                .as("société " + code).isZero();
        assertThat(db.count("select count(*) from users where email like '%@" + code.toLowerCase() + ".topsteel.local'"))
                .as("users of " + code).isZero();
    }
}
