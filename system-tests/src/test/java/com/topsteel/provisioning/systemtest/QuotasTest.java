package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Quotas you can see (docs/servers.md#quotas): a measurement records each tenant database's size,
 * flags and announces once a société over its maxStorageBytes, and the default users a société
 * gets stay within its maxUsers.
 */
class QuotasTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static WebhookReceiver receiver;
    private static String subscriptionId;

    @BeforeAll
    static void subscribe() throws Exception {
        receiver = new WebhookReceiver();
        Api.Response created = api.post("/api/webhooks", """
                {"url": "%s", "eventTypes": ["societe.quota.exceeded"]}""".formatted(receiver.url("/quota")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        subscriptionId = created.body().path("id").asString();
    }

    @AfterAll
    static void unsubscribe() {
        api.delete("/api/webhooks/" + subscriptionId);
        receiver.close();
    }

    /** Asks for a measurement now and waits for it to succeed; returns its job id. */
    static String measure() {
        Api.Response accepted = Eventually.await("a measurement accepted", TIMEOUT,
                () -> api.post("/api/ops/quotas/measure", ""), response -> response.status() != 409);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String jobId = accepted.body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        return jobId;
    }

    @Test
    void a_societe_over_its_storage_quota_is_flagged_and_announced_once_and_keeps_within_its_users() {
        String tiny = ProvisionTenantTest.uniqueCode("QUOTA");
        String roomy = ProvisionTenantTest.uniqueCode("ROOMY");
        String tinyId = provisioned("""
                {"nom": "Tôlerie %s", "code": "%s", "maxStorageBytes": 1000, "maxUsers": 1}""".formatted(tiny, tiny));
        String roomyId = provisioned("""
                {"nom": "Tôlerie %s", "code": "%s", "maxStorageBytes": 1000000000000}""".formatted(roomy, roomy));
        try {
            String firstMeasurement = measure();

            JsonNode flagged = api.get("/api/societes/" + tinyId).body();
            assertThat(flagged.path("quotaExceededAt").isNull()).as(flagged.toString()).isFalse();
            assertThat(api.get("/api/societes?code=" + tiny).body().path("content").get(0).path("databaseSizeBytes").asLong())
                    .as("the size measured, in a listing").isGreaterThan(1000);
            assertThat(api.get("/api/societes/" + roomyId).body().path("quotaExceededAt").isNull()).isTrue();
            List<WebhookReceiver.Received> announced = Eventually.await("societe.quota.exceeded delivered", TIMEOUT,
                    () -> receiver.forJob("/quota", firstMeasurement), received -> !received.isEmpty());
            JsonNode event = announced.stream().map(WebhookReceiver.Received::json)
                    .filter(json -> tiny.equals(json.path("data").path("details").path("societeCode").asString()))
                    .findFirst().orElseThrow();
            assertThat(event.path("type").asString()).isEqualTo("societe.quota.exceeded");
            assertThat(event.path("data").path("details").path("maxStorageBytes").asLong()).isEqualTo(1000);
            assertThat(event.path("data").path("details").path("databaseSizeBytes").asLong()).isGreaterThan(1000);
            assertThat(announced).noneMatch(received -> roomy.equals(received.json().path("data").path("details")
                    .path("societeCode").asString()));

            String secondMeasurement = measure();
            Eventually.sleep(Duration.ofSeconds(1));
            assertThat(receiver.forJob("/quota", secondMeasurement)).as("announced once, while it stays over")
                    .noneMatch(received -> tiny.equals(received.json().path("data").path("details").path("societeCode").asString()));
            assertThat(Prometheus.scrape(system.workerBaseUrl()).value("provisioning_tenant_quota_exceeded"))
                    .isGreaterThanOrEqualTo(1.0);

            assertThat(api.get("/api/societes/" + tinyId + "/users").body().path("content").values())
                    .extracting(user -> user.path("email").asString())
                    .as("maxUsers 1: the admin only").containsExactly("admin@" + tiny.toLowerCase() + ".topsteel.local");
        } finally {
            destroy(tinyId);
            destroy(roomyId);
        }
    }

    private static String provisioned(String body) {
        Api.Response accepted = api.provision(body);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        return accepted.body().path("societeId").asString();
    }

    private static void destroy(String societeId) {
        Api.Response destroy = api.delete("/api/societes/" + societeId + "/destroy-tenant");
        if (destroy.status() == 202) {
            api.awaitFinished(destroy.body().path("jobId").asString(), TIMEOUT);
        }
    }
}
