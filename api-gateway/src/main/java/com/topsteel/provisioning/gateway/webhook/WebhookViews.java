package com.topsteel.provisioning.gateway.webhook;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the webhook API shows; a secret only in the response that created or rotated it. */
public final class WebhookViews {

    private WebhookViews() {
    }

    record Subscription(UUID id, String url, List<String> eventTypes, boolean enabled, String disabledReason,
            OffsetDateTime previousSecretExpiresAt, OffsetDateTime createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        Subscription withSecret(String shownOnce) {
            return new Subscription(id, url, eventTypes, enabled, disabledReason, previousSecretExpiresAt, createdAt, shownOnce);
        }
    }

    public record Delivery(UUID id, String webhookId, UUID subscriptionId, String type, String status, int attempts,
            OffsetDateTime nextAttemptAt, Integer lastStatusCode, String lastError, OffsetDateTime createdAt,
            OffsetDateTime deliveredAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<Attempt> attemptLog) {
    }

    public record Attempt(int attempt, OffsetDateTime attemptedAt, Integer statusCode, int durationMillis, String error) {
    }
}
