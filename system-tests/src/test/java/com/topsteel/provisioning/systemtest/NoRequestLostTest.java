package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;

import tools.jackson.databind.JsonNode;

/** No request done twice, none lost in silence: idempotency keys, racing duplicates, poison messages. */
class NoRequestLostTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);


    @Test
    void the_same_idempotency_key_and_body_give_the_first_response_again_and_no_second_job() {
        String code = ProvisionTenantTest.uniqueCode("IDEM");
        String body = ProvisionTenantTest.body("Idempotente", code);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Api.Response first = api.post("/api/societes/provision-tenant", body, key);
        Api.Response repeat = api.post("/api/societes/provision-tenant", body, key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.location()).isEqualTo(first.location());
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(jobsOf(code)).isEqualTo(1);

        Api.Response otherBody = api.post("/api/societes/provision-tenant", ProvisionTenantTest.body("Autre", code), key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.body().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        api.awaitFinished(first.body().path("jobId").asString(), JOB_TIMEOUT);
    }

    @Test
    void fifty_concurrent_posts_with_one_idempotency_key_create_one_job() throws Exception {
        String code = ProvisionTenantTest.uniqueCode("SAMEKEY");
        String body = ProvisionTenantTest.body("Cinquante fois", code);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        List<Api.Response> responses = concurrently(50, () -> api.post("/api/societes/provision-tenant", body, key));

        // 409 only for a request that meets the first still in progress; later ones replay its 202
        assertThat(responses).extracting(Api.Response::status).isSubsetOf(202, 409).contains(202);
        assertThat(responses.stream().filter(r -> r.status() == 202).map(r -> r.body().path("jobId").asString()).distinct())
                .hasSize(1);
        assertThat(jobsOf(code)).isEqualTo(1);
        api.awaitFinished(responses.stream().filter(r -> r.status() == 202).findFirst().orElseThrow()
                .body().path("jobId").asString(), JOB_TIMEOUT);
    }

    @Test
    void fifty_concurrent_posts_of_one_code_with_different_keys_give_one_202_and_49_409() throws Exception {
        String code = ProvisionTenantTest.uniqueCode("RACE");
        String body = ProvisionTenantTest.body("Course", code);

        List<Api.Response> responses = concurrently(50,
                () -> api.post("/api/societes/provision-tenant", body, Map.of("Idempotency-Key", UUID.randomUUID().toString())));

        assertThat(responses).extracting(Api.Response::status).filteredOn(status -> status == 202).hasSize(1);
        assertThat(responses).extracting(Api.Response::status).filteredOn(status -> status == 409).hasSize(49);
        assertThat(jobsOf(code)).isEqualTo(1);
        api.awaitFinished(responses.stream().filter(r -> r.status() == 202).findFirst().orElseThrow()
                .body().path("jobId").asString(), JOB_TIMEOUT);
    }

    @Test
    void an_unreadable_command_is_dead_lettered_fails_the_job_it_names_and_the_consumer_goes_on() {
        UUID jobId = UUID.randomUUID();
        db.auth().sql("""
                insert into provisioning.jobs (id, run_id, type, status, societe_id, societe_code, societe_nom, database_name)
                values (:id, :id, 'PROVISION_TENANT', 'QUEUED', :societe, 'POISON', 'Poison', 'erp_topsteel_poison')""")
                .param("id", jobId).param("societe", UUID.randomUUID()).update();
        MessageProperties properties = new MessageProperties();
        properties.setType(ProvisioningMessages.PROVISION_TENANT_TYPE);
        properties.setMessageId("poison-" + jobId);
        byte[] poison = ("{\"jobId\": \"" + jobId + "\", \"runId\": \"not-a-uuid\"}").getBytes(StandardCharsets.UTF_8);

        system.rabbit().send(ProvisioningQueues.COMMANDS_EXCHANGE, ProvisioningQueues.PROVISION_TENANT_ROUTING_KEY,
                new Message(poison, properties));

        JsonNode job = api.awaitFinished(jobId.toString(), JOB_TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("lastError").asString()).contains("unreadable ProvisionTenant command");
        Message dead = system.rabbit().receive(ProvisioningQueues.DEAD_LETTER_QUEUE, 10_000);
        while (dead != null && !("poison-" + jobId).equals(dead.getMessageProperties().getMessageId())) {
            dead = system.rabbit().receive(ProvisioningQueues.DEAD_LETTER_QUEUE, 10_000);
        }
        assertThat(dead).as("the poison message in the dead-letter queue").isNotNull();

        String code = ProvisionTenantTest.uniqueCode("AFTER");
        String next = api.provision(ProvisionTenantTest.body("Après le poison", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(next, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void while_the_broker_is_unreachable_requests_are_accepted_and_every_job_runs_once_it_is_back() {
        db.awaitNoActiveJob(JOB_TIMEOUT);
        List<String> codes = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        system.gatewayToBroker.cut();
        try {
            for (int i = 0; i < 50; i++) {
                String code = ProvisionTenantTest.uniqueCode("OUTAGE");
                Api.Response accepted = api.provision(ProvisionTenantTest.body("Pendant la panne " + i, code));
                assertThat(accepted.status()).as("accepted while the broker is away").isEqualTo(202);
                codes.add(code);
                jobIds.add(accepted.body().path("jobId").asString());
            }
            Eventually.sleep(Duration.ofSeconds(2));
            assertThat(db.count("select count(*) from provisioning.outbox where published_at is null")).isGreaterThanOrEqualTo(50);
            assertThat(jobIds).allSatisfy(jobId ->
                    assertThat(api.get("/api/jobs/" + jobId).body().path("status").asString()).isEqualTo("QUEUED"));
        } finally {
            system.gatewayToBroker.restore();
        }

        for (String jobId : jobIds) {
            JsonNode job = api.awaitFinished(jobId, Duration.ofMinutes(3));
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("attempts").asInt()).as("runs of job " + jobId).isEqualTo(1);
        }
        assertThat(system.services.databasesOfThisRun()).containsAll(codes.stream().map(system::databaseName).toList());
        assertThat(db.count("select count(*) from provisioning.outbox where published_at is null")).isZero();
    }

    private static long jobsOf(String code) {
        return db.count("select count(*) from provisioning.jobs where lower(societe_code) = '" + code.toLowerCase() + "'");
    }

    private static <T> List<T> concurrently(int times, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
