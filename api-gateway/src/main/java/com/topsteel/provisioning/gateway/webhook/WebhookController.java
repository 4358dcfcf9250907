package com.topsteel.provisioning.gateway.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.secrets.SecretBox;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookSettings;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookUrlPolicy;
import com.topsteel.provisioning.jobs.Viewer;

/**
 * Webhook subscriptions of the caller (an operator sees and manages all): create one and get
 * its signing secret once, list, read, delete, rotate the secret, follow and redeliver deliveries.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final int DELIVERIES_SHOWN = 100;

    private final WebhookSubscriptions subscriptions;
    private final SecretBox secrets;
    private final WebhookSettings settings;
    private final WebhookUrlPolicy urlPolicy;
    private final SecureRandom random = new SecureRandom();

    WebhookController(WebhookSubscriptions subscriptions, SecretBox secrets, WebhookSettings settings) {
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.settings = settings;
        this.urlPolicy = settings.urlPolicy();
    }

    @PostMapping
    ResponseEntity<WebhookViews.Subscription> subscribe(@Valid @RequestBody WebhookSubscriptionRequest request) {
        urlPolicy.problemWith(request.url()).ifPresent(problem -> {
            throw new InvalidFieldException("url", problem);
        });
        List<String> unknown = request.eventTypes().stream().filter(type -> JobEventType.fromWireName(type).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidFieldException("eventTypes", "unknown event types " + unknown + "; known: "
                    + Arrays.stream(JobEventType.values()).map(JobEventType::wireName).toList());
        }
        UUID id = UUID.randomUUID();
        String secret = newSecret();
        subscriptions.insert(id, request.url(), request.eventTypes().stream().distinct().toList(), secrets.seal(secret),
                CurrentCaller.name(), CurrentCaller.viewer() instanceof Viewer.Ops);
        log.info("Webhook subscription {} to {} for {} created by {}", id, request.url(), request.eventTypes(), CurrentCaller.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(subscription(id).withSecret(secret));
    }

    @GetMapping
    List<WebhookViews.Subscription> list() {
        return subscriptions.list(CurrentCaller.viewer());
    }

    @GetMapping("/{id}")
    WebhookViews.Subscription get(@PathVariable UUID id) {
        return subscription(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!subscriptions.delete(id, CurrentCaller.viewer())) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** A new secret, shown once; the previous one keeps signing beside it during the grace period. */
    @PostMapping("/{id}/rotate-secret")
    WebhookViews.Subscription rotateSecret(@PathVariable UUID id) {
        String secret = newSecret();
        if (!subscriptions.rotate(id, CurrentCaller.viewer(), secrets.seal(secret), settings.rotationGrace())) {
            throw notFound(id);
        }
        return subscription(id).withSecret(secret);
    }

    @GetMapping("/{id}/deliveries")
    List<WebhookViews.Delivery> deliveries(@PathVariable UUID id) {
        subscription(id);
        return subscriptions.deliveries(id, DELIVERIES_SHOWN);
    }

    @GetMapping("/deliveries/{deliveryId}")
    WebhookViews.Delivery delivery(@PathVariable UUID deliveryId) {
        return subscriptions.delivery(deliveryId, CurrentCaller.viewer())
                .orElseThrow(() -> new NotFoundException("No webhook delivery " + deliveryId));
    }

    @PostMapping("/deliveries/{deliveryId}/redeliver")
    ResponseEntity<Map<String, Object>> redeliver(@PathVariable UUID deliveryId) {
        if (!subscriptions.redeliver(deliveryId, CurrentCaller.viewer())) {
            throw new NotFoundException("No webhook delivery " + deliveryId + " of an enabled subscription");
        }
        return ResponseEntity.accepted().body(Map.of("deliveryId", deliveryId, "status", "PENDING"));
    }

    private WebhookViews.Subscription subscription(UUID id) {
        return subscriptions.find(id, CurrentCaller.viewer()).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No webhook subscription " + id);
    }

    /** {@code whsec_} + base64 of 32 random bytes, as Standard Webhooks secrets are. */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
