package com.topsteel.provisioning.worker.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.secrets.SecretBox;
import com.topsteel.provisioning.infrastructure.webhooks.RefusedWebhookUrl;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookSettings;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookTarget;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookUrlPolicy;
import com.topsteel.provisioning.jobs.RunTraces;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;

/**
 * Sends due deliveries, per the Standard Webhooks specification: {@code webhook-id} (the same
 * on every attempt), {@code webhook-timestamp}, {@code webhook-signature} (with the previous
 * secret's signature beside the new one during a rotation). A 2xx ends the delivery; 410 Gone
 * disables the subscription; anything else, a timeout included, is tried again on the
 * configured schedule, or after {@code Retry-After} on 429 and 503, until the schedule is spent.
 * The URL is checked before every attempt and the post goes to the addresses checked (see
 * {@link ReceiverClient}). Runs on its own scheduler thread, never a job's, and no receiver
 * holds it beyond the timeout.
 */
@Component
class WebhookDeliverer {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
    /** A claimed delivery is not claimed again before this, unless it finished: covers a worker dying mid-send. */
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

    private record DueDelivery(UUID id, String type, String payload, int attempt, String url, boolean enabled,
            UUID subscriptionId, String sealedSecret, String previousSealedSecret, OffsetDateTime previousSecretExpiresAt,
            UUID jobId, JobType jobType, String societeCode, String traceparent) {
    }

    private record Outcome(Integer statusCode, String error, Duration retryAfter) {
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final WebhookSettings settings;
    private final WebhookUrlPolicy urlPolicy;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ReceiverClient receivers;
    private final RunTraces traces;

    WebhookDeliverer(JdbcClient jdbc, SecretBox secrets, WebhookSettings settings, Clock clock, MeterRegistry meters,
            ObservationRegistry observations, RunTraces traces) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.settings = settings;
        this.urlPolicy = settings.urlPolicy();
        this.clock = clock;
        this.meters = meters;
        this.receivers = new ReceiverClient(settings.timeout(), observations);
        this.traces = traces;
    }

    @Scheduled(fixedDelayString = "${provisioning.webhooks.poll-interval:200ms}")
    void deliverDue() {
        Optional<DueDelivery> due;
        while ((due = claimNext()).isPresent()) {
            DueDelivery delivery = due.get();
            try (var job = JobLogContext.of(delivery.jobId(), delivery.jobType(), delivery.societeCode())) {
                deliverInTraceOfRun(delivery);
            }
        }
    }

    private Optional<DueDelivery> claimNext() {
        return jdbc.sql("""
                update provisioning.webhook_deliveries d
                set attempts = d.attempts + 1, next_attempt_at = now() + cast(:lease as interval)
                from provisioning.webhook_subscriptions s
                where d.id = (select id from provisioning.webhook_deliveries
                              where status = 'PENDING' and next_attempt_at <= now()
                              order by event_id, created_at limit 1 for update skip locked)
                  and s.id = d.subscription_id
                returning d.id, d.type, d.payload, d.attempts, s.url, s.enabled, s.id as subscription_id,
                          s.sealed_secret, s.previous_sealed_secret, s.previous_secret_expires_at,
                          d.job_id, d.job_type, d.societe_code, d.traceparent""")
                .param("lease", CLAIM_LEASE.toSeconds() + " seconds")
                .query((rs, row) -> new DueDelivery(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("payload"),
                        rs.getInt("attempts"), rs.getString("url"), rs.getBoolean("enabled"),
                        rs.getObject("subscription_id", UUID.class), rs.getString("sealed_secret"),
                        rs.getString("previous_sealed_secret"), rs.getObject("previous_secret_expires_at", OffsetDateTime.class),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("job_type") == null ? null : JobType.valueOf(rs.getString("job_type")),
                        rs.getString("societe_code"), rs.getString("traceparent")))
                .optional();
    }

    /** One attempt as a span of the run's trace; the post under it carries {@code traceparent} to the receiver. */
    private void deliverInTraceOfRun(DueDelivery delivery) {
        Span span = traces.startInTrace(delivery.traceparent(), "webhook delivery")
                .tag("provisioning.webhook.event", delivery.type())
                .tag("provisioning.webhook.delivery.id", delivery.id().toString())
                .tag("provisioning.webhook.attempt", delivery.attempt());
        if (delivery.jobId() != null) {
            span.tag("provisioning.job.id", delivery.jobId().toString());
        }
        try (var traced = traces.inScope(span)) {
            deliver(delivery);
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void deliver(DueDelivery delivery) {
        if (!delivery.enabled()) {
            finish(delivery, "FAILED", null, "subscription disabled");
            counted("subscription-disabled");
            return;
        }
        WebhookTarget target;
        try {
            target = urlPolicy.target(delivery.url());
        } catch (RefusedWebhookUrl refused) {
            recordAttempt(delivery, null, 0, "URL refused: " + refused.reason());
            finish(delivery, "FAILED", null, "URL refused: " + refused.reason());
            counted("url-refused");
            log.warn("Webhook {} {} not sent: URL refused: {}", delivery.type(), delivery.id(), refused.reason());
            return;
        }
        long start = System.nanoTime();
        Outcome outcome = send(delivery, target);
        int durationMillis = (int) ((System.nanoTime() - start) / 1_000_000);
        recordAttempt(delivery, outcome.statusCode(), durationMillis, outcome.error());
        Integer status = outcome.statusCode();
        if (status != null && status / 100 == 2) {
            finish(delivery, "SUCCEEDED", status, null);
            counted("delivered");
            log.info("Webhook {} {} delivered to {} (attempt {}, HTTP {}, {} ms)", delivery.type(), delivery.id(),
                    delivery.url(), delivery.attempt(), status, durationMillis);
        } else if (status != null && status == 410) {
            finish(delivery, "FAILED", status, "410 Gone: subscription disabled");
            jdbc.sql("""
                    update provisioning.webhook_subscriptions
                    set enabled = false, disabled_reason = '410 Gone from the receiver', updated_at = now() where id = :id""")
                    .param("id", delivery.subscriptionId())
                    .update();
            counted("gone");
            log.warn("Webhook subscription {} disabled: its receiver answered 410 Gone", delivery.subscriptionId());
        } else if (delivery.attempt() < settings.retrySchedule().size()) {
            Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : jittered(settings.retrySchedule().get(delivery.attempt()));
            jdbc.sql("""
                    update provisioning.webhook_deliveries
                    set next_attempt_at = now() + cast(:wait as interval), last_status_code = :status, last_error = :error
                    where id = :id""")
                    .param("wait", wait.toMillis() + " milliseconds")
                    .param("status", status)
                    .param("error", outcome.error())
                    .param("id", delivery.id())
                    .update();
            counted("failed-will-retry");
            log.warn("Webhook {} {} to {} failed (attempt {}: {}); next attempt in {}", delivery.type(), delivery.id(),
                    delivery.url(), delivery.attempt(), status != null ? "HTTP " + status : outcome.error(), wait);
        } else {
            finish(delivery, "FAILED", status, outcome.error() != null ? outcome.error() : "HTTP " + status);
            counted("gave-up");
            log.warn("Webhook {} {} to {} given up after {} attempts", delivery.type(), delivery.id(), delivery.url(),
                    delivery.attempt());
        }
    }

    private Outcome send(DueDelivery delivery, WebhookTarget target) {
        String messageId = "msg_" + delivery.id();
        long timestamp = clock.instant().getEpochSecond();
        List<String> signatures = new ArrayList<>();
        signatures.add(WebhookSignature.sign(secrets.open(delivery.sealedSecret()), messageId, timestamp, delivery.payload()));
        if (delivery.previousSealedSecret() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().toInstant().isAfter(clock.instant())) {
            signatures.add(WebhookSignature.sign(secrets.open(delivery.previousSealedSecret()), messageId, timestamp,
                    delivery.payload()));
        }
        Map<String, String> headers = Map.of(
                "User-Agent", "topsteel-provisioning-webhooks",
                "webhook-id", messageId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", String.join(" ", signatures));
        try {
            ReceiverClient.Answer answer = receivers.post(target, headers, delivery.payload().getBytes(StandardCharsets.UTF_8));
            int status = answer.statusCode();
            Duration retryAfter = (status == 429 || status == 503)
                    ? answer.retryAfter().flatMap(WebhookDeliverer::parseRetryAfter).orElse(null)
                    : null;
            return new Outcome(status, status / 100 == 2 ? null : "HTTP " + status, retryAfter);
        } catch (Exception e) {
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }

    /**
     * Records the attempt, unless its subscription was deleted while it was being sent (the
     * delivery went with it, and so does its log).
     */
    private void recordAttempt(DueDelivery delivery, Integer statusCode, int durationMillis, String error) {
        int recorded;
        try {
            recorded = jdbc.sql("""
                    insert into provisioning.webhook_delivery_attempts (delivery_id, attempt, status_code, duration_ms, error)
                    select id, :attempt, :status, :duration, :error from provisioning.webhook_deliveries where id = :id
                    on conflict (delivery_id, attempt) do nothing""")
                    .param("id", delivery.id())
                    .param("attempt", delivery.attempt())
                    .param("status", statusCode)
                    .param("duration", durationMillis)
                    .param("error", error)
                    .update();
        } catch (DataIntegrityViolationException deletedMeanwhile) {
            recorded = 0;
        }
        if (recorded == 0) {
            log.info("Webhook {} {}: subscription {} deleted during the attempt; nothing recorded", delivery.type(),
                    delivery.id(), delivery.subscriptionId());
        }
    }

    private void finish(DueDelivery delivery, String status, Integer statusCode, String error) {
        jdbc.sql("""
                update provisioning.webhook_deliveries
                set status = :status, next_attempt_at = null, last_status_code = :code, last_error = :error,
                    delivered_at = case when :status = 'SUCCEEDED' then now() else delivered_at end
                where id = :id""")
                .param("status", status)
                .param("code", statusCode)
                .param("error", error)
                .param("id", delivery.id())
                .update();
    }

    /** Outcomes of one attempt: delivered, failed-will-retry, gave-up, gone (410), subscription-disabled, url-refused. */
    private void counted(String outcome) {
        Counter.builder("provisioning.webhook.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }

    private static Duration jittered(Duration wait) {
        double factor = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    /** Seconds or an HTTP date, capped so a receiver cannot park a delivery forever. */
    static Optional<Duration> parseRetryAfter(String value) {
        try {
            Duration wait = Duration.ofSeconds(Long.parseLong(value.strip()));
            return Optional.of(wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(OffsetDateTime.now(ZoneOffset.UTC),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }
}
