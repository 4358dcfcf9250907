package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The ops API: what the ops page does, for scripts — search every job, look into one, retry the failed ones in bulk. */
class OpsApiTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void ops_search_every_clients_jobs_by_status_type_code_and_creation_time_page_by_page() {
        Instant start = Instant.now();
        String succeededCode = ProvisionTenantTest.uniqueCode("OPSOK");
        String failedCode = ProvisionTenantTest.uniqueCode("OPSKO");
        system.faults().failPermanently(failedCode, "seed-tenant-data");
        String byClient = accepted(api.as(Api.CLIENT_KEY).provision(ProvisionTenantTest.body("Par le client", succeededCode)));
        String byOps = accepted(api.provision(ProvisionTenantTest.body("Par ops", failedCode)));
        api.awaitFinished(byClient, JOB_TIMEOUT);
        api.awaitFinished(byOps, JOB_TIMEOUT);
        String since = "from=" + start;

        JsonNode firstPage = api.get("/api/ops/jobs?" + since + "&size=1").body();
        JsonNode secondPage = api.get("/api/ops/jobs?" + since + "&size=1&page=1").body();
        assertThat(firstPage.path("totalElements").asLong()).as("a client's job and an operator's").isEqualTo(2);
        assertThat(firstPage.path("totalPages").asInt()).isEqualTo(2);
        assertThat(ids(firstPage)).containsExactly(byOps);
        assertThat(ids(secondPage)).as("newest first").containsExactly(byClient);

        assertThat(ids(api.get("/api/ops/jobs?" + since + "&status=FAILED").body())).containsExactly(byOps);
        assertThat(ids(api.get("/api/ops/jobs?" + since + "&status=SUCCEEDED&type=PROVISION_TENANT").body()))
                .containsExactly(byClient);
        assertThat(ids(api.get("/api/ops/jobs?societeCode=" + succeededCode.toLowerCase()).body())).containsExactly(byClient);
        assertThat(ids(api.get("/api/ops/jobs?" + since + "&type=DESTROY_TENANT").body())).isEmpty();
        assertThat(ids(api.get("/api/ops/jobs?to=" + start + "&societeCode=" + failedCode).body()))
                .as("created after 'to'").isEmpty();
        assertThat(ids(api.get("/api/ops/jobs?from=" + start + "&to=" + Instant.now() + "&societeCode=" + failedCode).body()))
                .containsExactly(byOps);

        JsonNode failed = api.get("/api/ops/jobs/" + byOps).body().path("job");
        assertThat(failed.path("lastError").asString()).contains("injected permanent fault in seed-tenant-data");
        JsonNode failedStep = failed.path("steps").get(3);
        assertThat(failedStep.path("name").asString()).isEqualTo("seed-tenant-data");
        assertThat(failedStep.path("lastError").asString()).contains("injected permanent fault");
        assertThat(failedStep.path("compensationFinishedAt").asString()).isNotBlank();
    }

    @Test
    void a_jobs_detail_shows_its_steps_with_attempts_timings_errors_and_its_webhook_deliveries() {
        WebhookReceiver receiver = newReceiver();
        Api client = api.as(Api.CLIENT_KEY);
        Api.Response subscribed = client.post("/api/webhooks",
                "{\"url\": \"" + receiver.url("/ops") + "\", \"eventTypes\": [\"job.succeeded\"]}");
        assertThat(subscribed.status()).isEqualTo(201);
        String subscriptionId = subscribed.body().path("id").asString();
        try {
            String code = ProvisionTenantTest.uniqueCode("OPSDETAIL");
            system.faults().failTransiently(code, "create-database", 1);
            String jobId = accepted(client.provision(ProvisionTenantTest.body("Détail", code)));
            api.awaitFinished(jobId, JOB_TIMEOUT);

            // other tests' operator subscriptions hear every job too: look for this test's own
            JsonNode detail = Eventually.await("the job.succeeded delivery", JOB_TIMEOUT,
                    () -> api.get("/api/ops/jobs/" + jobId).body(),
                    seen -> deliveryTo(subscriptionId, seen) != null
                            && "SUCCEEDED".equals(deliveryTo(subscriptionId, seen).path("status").asString()));

            JsonNode job = detail.path("job");
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode createDatabase = job.path("steps").get(1);
            assertThat(createDatabase.path("name").asString()).isEqualTo("create-database");
            assertThat(createDatabase.path("attempts").asInt()).as("a transient fault, then success").isEqualTo(2);
            assertThat(job.path("steps").values()).allSatisfy(step -> {
                assertThat(step.path("startedAt").asString()).isNotBlank();
                assertThat(step.path("durationMillis").isNumber()).isTrue();
            });
            JsonNode delivery = deliveryTo(subscriptionId, detail);
            assertThat(delivery.path("type").asString()).isEqualTo("job.succeeded");
            assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(200);

            assertThat(api.get("/api/ops/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
        } finally {
            client.delete("/api/webhooks/" + subscriptionId);
            receiver.close();
        }
    }

    @Test
    void bulk_retry_counts_first_then_retries_exactly_the_failed_matches_each_once() {
        Instant start = Instant.now();
        String succeeded = accepted(api.provision(ProvisionTenantTest.body("Réussie", ProvisionTenantTest.uniqueCode("BULKOK"))));
        List<String> failed = failedOnce(3, "BULK", "create-default-users");
        api.awaitFinished(succeeded, JOB_TIMEOUT);
        String filter = "type=PROVISION_TENANT&from=" + start;

        JsonNode dryRun = api.post("/api/ops/jobs/retry?dryRun=true&" + filter, "").body();
        assertThat(dryRun.path("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.path("matching").asLong()).isEqualTo(3);
        assertThat(ids(dryRun.path("jobIds"))).containsExactlyInAnyOrderElementsOf(failed);
        assertThat(dryRun.path("retried").asInt()).isZero();
        JsonNode oldestTwo = api.post("/api/ops/jobs/retry?dryRun=true&limit=2&" + filter, "").body();
        assertThat(oldestTwo.path("matching").asLong()).isEqualTo(3);
        assertThat(ids(oldestTwo.path("jobIds"))).containsExactlyElementsOf(failed.subList(0, 2));
        failed.forEach(jobId -> assertThat(api.get("/api/jobs/" + jobId).body().path("status").asString())
                .as("a dry run changes nothing").isEqualTo("FAILED"));

        JsonNode retried = api.post("/api/ops/jobs/retry?" + filter, "").body();

        assertThat(retried.path("dryRun").asBoolean()).isFalse();
        assertThat(retried.path("retried").asInt()).isEqualTo(3);
        assertThat(retried.path("skipped").size()).isZero();
        failed.forEach(jobId -> {
            JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("runs").asInt()).isEqualTo(2);
        });
        assertThat(api.get("/api/jobs/" + succeeded).body().path("runs").asInt()).as("not a FAILED job").isEqualTo(1);
        assertThat(api.post("/api/ops/jobs/retry?" + filter, "").body().path("matching").asLong()).isZero();
    }

    @Test
    void two_bulk_retries_at_once_retry_each_failed_job_once() {
        Instant start = Instant.now();
        List<String> failed = failedOnce(4, "RACE", "claim-societe");
        String path = "/api/ops/jobs/retry?from=" + start;

        var first = CompletableFuture.supplyAsync(() -> api.post(path, "").body());
        var second = CompletableFuture.supplyAsync(() -> api.post(path, "").body());
        JsonNode one = first.join();
        JsonNode other = second.join();

        assertThat(one.path("retried").asInt() + other.path("retried").asInt()).isEqualTo(4);
        failed.forEach(jobId -> {
            JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("runs").asInt()).as("retried once").isEqualTo(2);
        });
    }

    @Test
    void bad_parameters_are_refused_with_400_problem_json_naming_them() {
        Map<String, String> fieldByQuery = Map.of(
                "/api/ops/jobs?status=EXPLODED", "status",
                "/api/ops/jobs?type=REPAINT", "type",
                "/api/ops/jobs?from=yesterday", "from",
                "/api/ops/jobs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to",
                "/api/ops/jobs?size=0", "size",
                "/api/ops/jobs?size=101", "size",
                "/api/ops/jobs?page=-1", "page",
                "/api/ops/jobs?page=first", "page");
        fieldByQuery.forEach((query, field) -> {
            Api.Response refused = api.get(query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().path("errors").get(0).path("field").asString()).as(query).isEqualTo(field);
        });
        for (String retry : List.of("status=SUCCEEDED", "limit=0", "limit=100000")) {
            Api.Response refused = api.post("/api/ops/jobs/retry?dryRun=false&" + retry, "");
            assertThat(refused.status()).as(retry).isEqualTo(400);
            assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo(retry.split("=")[0]);
        }
    }

    @Test
    void a_client_key_is_refused_the_ops_api_and_no_key_is_not_let_in() {
        Api client = api.as(Api.CLIENT_KEY);
        String jobId = UUID.randomUUID().toString();
        List<Api.Response> refusals = List.of(client.get("/api/ops/jobs"), client.get("/api/ops/config"),
                client.get("/api/ops/jobs/" + jobId), client.post("/api/ops/jobs/retry?dryRun=true", ""));
        assertThat(refusals).allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        });
        assertThat(api.as(null).get("/api/ops/jobs").status()).isEqualTo(401);
        assertThat(api.as(null).get("/ops/").status()).as("the page itself holds no data").isEqualTo(200);
        assertThat(api.get("/api/ops/config").body().path("jobrunrDashboardUrl").asString())
                .isEqualTo("http://localhost:8000/dashboard");
    }

    @Test
    void the_api_is_documented_with_its_bearer_scheme_problems_and_the_seeds_example() {
        Api anonymous = api.as(null);
        JsonNode docs = anonymous.get("/v3/api-docs").body();

        assertThat(docs.path("components").path("securitySchemes").path("apiKey").path("scheme").asString()).isEqualTo("bearer");
        JsonNode provision = docs.path("paths").path("/api/societes/provision-tenant").path("post");
        assertThat(provision.path("requestBody").toString()).contains("\"code\":\"ACME\"").contains("PROFESSIONAL");
        assertThat(provision.path("responses").path("400").path("content").has("application/problem+json")).isTrue();
        assertThat(docs.path("paths").has("/api/ops/jobs/retry")).isTrue();
        assertThat(docs.path("paths").path("/api/ops/jobs").path("get").path("parameters").toString())
                .contains("\"societeCode\"").contains("\"from\"");
        assertThat(anonymous.get("/swagger-ui.html").status()).as("swagger-ui.html redirects to the UI").isIn(200, 302);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    /** {@code count} provisionings that fail at {@code step} the first time only, once they have failed, oldest first. */
    private static List<String> failedOnce(int count, String stem, String step) {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String code = ProvisionTenantTest.uniqueCode(stem);
            system.faults().failPermanently(code, step, 1);
            jobIds.add(accepted(api.provision(ProvisionTenantTest.body("Société " + code, code))));
        }
        jobIds.forEach(jobId -> assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("FAILED"));
        return jobIds;
    }

    private static JsonNode deliveryTo(String subscriptionId, JsonNode detail) {
        for (JsonNode delivery : detail.path("webhookDeliveries")) {
            if (subscriptionId.equals(delivery.path("subscriptionId").asString())) {
                return delivery;
            }
        }
        return null;
    }

    private static String accepted(Api.Response response) {
        assertThat(response.status()).isEqualTo(202);
        return response.body().path("jobId").asString();
    }

    private static List<String> ids(JsonNode pageOrIds) {
        JsonNode items = pageOrIds.has("content") ? pageOrIds.path("content") : pageOrIds;
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.isString() ? item.asString() : item.path("id").asString()));
        return ids;
    }

    private static WebhookReceiver newReceiver() {
        try {
            return new WebhookReceiver();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
