package com.topsteel.provisioning.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/** Our signatures, checked by the official Standard Webhooks library. */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void a_signature_verifies_with_the_official_library() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"type\":\"job.succeeded\",\"timestamp\":\"2026-11-29T04:00:00Z\",\"data\":{}}";
        String signature = WebhookSignature.sign(SECRET, "msg_1", now, body);

        new Webhook(SECRET).verify(body, headers("msg_1", now, signature));
    }

    @Test
    void a_changed_body_does_not_verify() {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(SECRET, "msg_1", now, "{\"a\":1}");

        assertThatThrownBy(() -> new Webhook(SECRET).verify("{\"a\":2}", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void retry_after_is_read_in_seconds_and_capped() {
        assertThat(WebhookDeliverer.parseRetryAfter("30")).contains(Duration.ofSeconds(30));
        assertThat(WebhookDeliverer.parseRetryAfter("999999999")).contains(Duration.ofHours(24));
        assertThat(WebhookDeliverer.parseRetryAfter("soon")).isEmpty();
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
