package com.topsteel.provisioning.gateway.webhook;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** {@code POST /api/webhooks}: where to send, and which event types (job.queued, …, societe.destroyed). */
record WebhookSubscriptionRequest(
        @NotBlank @Size(max = 2000) String url,
        @NotEmpty @Size(max = 20) List<@NotBlank String> eventTypes) {
}
