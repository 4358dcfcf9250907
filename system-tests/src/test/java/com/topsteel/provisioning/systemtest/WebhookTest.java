package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks as a receiver sees them, verified with the official Standard Webhooks library; live status by SSE. */
class WebhookTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> ALL_TYPES = List.of("job.queued", "job.running", "job.retrying", "job.succeeded",
            "job.failed", "societe.provisioned", "societe.destroyed");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void a_provision_produces_its_events_in_order_each_signed_as_standard_webhooks_require() throws Exception {
        String secret = subscribe("/all", ALL_TYPES).secret();
        assertThat(secret).startsWith("whsec_");
        String jobId = provision("HOOKED");

        List<WebhookReceiver.Received> events = Eventually.await("the provision's four events", TIMEOUT,
                () -> receiver.forJob("/all", jobId), received -> received.size() >= 4);

        assertThat(events).extracting(WebhookReceiver.Received::type)
                .containsExactly("job.queued", "job.running", "job.succeeded", "societe.provisioned");
        Webhook verifier = new Webhook(secret);
        for (WebhookReceiver.Received event : events) {
            verifier.verify(event.body(), event.headers());
            assertThat(event.header("webhook-id")).startsWith("msg_");
            assertThat(event.json().path("timestamp").asString()).isNotBlank();
            assertThat(event.json().path("data").path("societe").path("databaseName").asString()).startsWith("erp_topsteel_");
        }
        assertThat(events.get(2).json().path("data").path("job").path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void a_receiver_that_fails_twice_gets_the_event_on_the_third_attempt_with_the_same_webhook_id() {
        receiver.failFirstAttempts("/flaky", 2);
        String subscriptionId = subscribe("/flaky", List.of("job.queued")).id();
        String jobId = provision("FLAKYHOOK");

        List<WebhookReceiver.Received> attempts = Eventually.await("three attempts", TIMEOUT,
                () -> receiver.forJob("/flaky", jobId), received -> received.size() >= 3);

        assertThat(attempts).extracting(received -> received.header("webhook-id")).containsOnly(attempts.get(0).header("webhook-id"));
        JsonNode delivery = Eventually.await("the delivery recorded as succeeded", TIMEOUT,
                () -> deliveryOf(subscriptionId, attempts.get(0).header("webhook-id")),
                found -> "SUCCEEDED".equals(found.path("status").asString()));
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        JsonNode detail = api.get("/api/webhooks/deliveries/" + delivery.path("id").asString()).body();
        assertThat(detail.path("attemptLog").values()).extracting(attempt -> attempt.path("statusCode").asInt())
                .containsExactly(500, 500, 204);

        assertThat(api.post("/api/webhooks/deliveries/" + delivery.path("id").asString() + "/redeliver", "").status())
                .isEqualTo(202);
        List<WebhookReceiver.Received> redelivered = Eventually.await("the redelivery", TIMEOUT,
                () -> receiver.forJob("/flaky", jobId), received -> received.size() >= 4);
        assertThat(redelivered.get(3).header("webhook-id")).isEqualTo(attempts.get(0).header("webhook-id"));
    }

    @Test
    void a_410_gone_disables_the_subscription() {
        receiver.answer("/gone", request -> 410);
        String subscriptionId = subscribe("/gone", List.of("job.queued")).id();
        provision("GONEHOOK");

        JsonNode subscription = Eventually.await("the subscription disabled", TIMEOUT,
                () -> api.get("/api/webhooks/" + subscriptionId).body(), found -> !found.path("enabled").asBoolean());

        assertThat(subscription.path("disabledReason").asString()).contains("410");
    }

    @Test
    void a_url_reaching_a_private_or_link_local_address_is_refused() {
        for (String url : List.of("http://10.20.30.40/hook", "http://169.254.169.254/latest/meta-data", "http://192.168.1.1/")) {
            Api.Response refused = api.post("/api/webhooks", """
                    {"url": "%s", "eventTypes": ["job.succeeded"]}""".formatted(url));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo("url");
        }
        Api.Response unknownType = api.post("/api/webhooks", """
                {"url": "%s", "eventTypes": ["job.exploded"]}""".formatted(receiver.url("/x")));
        assertThat(unknownType.status()).isEqualTo(400);
    }

    @Test
    void during_a_rotation_both_the_new_and_the_old_secret_sign() throws Exception {
        Subscription subscription = subscribe("/rotated", List.of("job.queued"));
        String oldSecret = subscription.secret();
        JsonNode rotated = api.post("/api/webhooks/" + subscription.id() + "/rotate-secret", "").body();
        String newSecret = rotated.path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        String jobId = provision("ROTATED");

        WebhookReceiver.Received event = Eventually.await("the event", TIMEOUT,
                () -> receiver.forJob("/rotated", jobId), received -> !received.isEmpty()).get(0);

        assertThat(event.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(newSecret).verify(event.body(), event.headers());
        new Webhook(oldSecret).verify(event.body(), event.headers());
    }

    @Test
    void the_event_stream_of_a_provision_ends_with_SUCCEEDED_and_a_late_client_gets_the_current_state() throws Exception {
        String jobId = provision("STREAMED");

        List<JsonNode> states = stream(jobId);

        assertThat(states).isNotEmpty();
        assertThat(states.get(states.size() - 1).path("status").asString()).isEqualTo("SUCCEEDED");
        List<JsonNode> late = stream(jobId);
        assertThat(late).hasSize(1);
        assertThat(late.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
    }

    private record Subscription(String id, String secret) {
    }

    private static Subscription subscribe(String path, List<String> types) {
        Api.Response created = api.post("/api/webhooks", JSON.writeValueAsString(Map.of("url", receiver.url(path), "eventTypes", types)));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asString();
        assertThat(api.get("/api/webhooks/" + id).body().has("secret")).as("the secret is shown once").isFalse();
        return new Subscription(id, created.body().path("secret").asString());
    }

    private static String provision(String stem) {
        String code = ProvisionTenantTest.uniqueCode(stem);
        Api.Response accepted = api.provision(ProvisionTenantTest.body("Webhook " + code, code));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.body().path("jobId").asString();
    }

    private static JsonNode deliveryOf(String subscriptionId, String webhookId) {
        for (JsonNode delivery : api.get("/api/webhooks/" + subscriptionId + "/deliveries").body().values()) {
            if (webhookId.equals(delivery.path("webhookId").asString())) {
                return delivery;
            }
        }
        return JSON.missingNode();
    }

    /** Reads the SSE stream to its end and returns the job states it carried. */
    private static List<JsonNode> stream(String jobId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + Api.OPS_KEY)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(90))
                .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> states = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    states.add(JSON.readTree(line.substring("data:".length())));
                }
            }
        }
        return states;
    }
}
