package com.topsteel.provisioning.worker.webhook;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns job events into deliveries: one per enabled subscription that wants the event type and
 * may see the job (its own jobs for a client, every job for ops). The payload is built once
 * here, {@code {type, timestamp, data: {job, societe}}}, and those exact bytes are signed and
 * sent on every attempt. Events are claimed with SKIP LOCKED, so several workers can dispatch.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 100;

    private record JobEvent(long id, UUID jobId, String type, OffsetDateTime occurredAt, String jobType,
            UUID societeId, String societeCode, String societeNom, String databaseName, int attempts,
            OffsetDateTime nextAttemptAt, String message, String lastError, String requestedBy) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookDispatcher(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${provisioning.webhooks.poll-interval:200ms}")
    void dispatchPending() {
        Integer dispatched;
        do {
            dispatched = transaction.execute(status -> dispatchBatch());
        } while (dispatched != null && dispatched == BATCH);
    }

    private int dispatchBatch() {
        List<JobEvent> events = jdbc.sql("""
                select e.id, e.job_id, e.type, e.occurred_at, j.type as job_type, j.societe_id, j.societe_code,
                       j.societe_nom, j.database_name, j.attempts, j.next_attempt_at, j.message, j.last_error,
                       j.requested_by
                from provisioning.job_events e join provisioning.jobs j on j.id = e.job_id
                where e.dispatched_at is null
                order by e.id limit :limit
                for update of e skip locked""")
                .param("limit", BATCH)
                .query((rs, row) -> new JobEvent(rs.getLong("id"), rs.getObject("job_id", UUID.class), rs.getString("type"),
                        rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("job_type"),
                        rs.getObject("societe_id", UUID.class), rs.getString("societe_code"), rs.getString("societe_nom"),
                        rs.getString("database_name"), rs.getInt("attempts"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("message"),
                        rs.getString("last_error"), rs.getString("requested_by")))
                .list();
        for (JobEvent event : events) {
            int deliveries = jdbc.sql("""
                    insert into provisioning.webhook_deliveries (id, subscription_id, event_id, type, payload, status, next_attempt_at)
                    select gen_random_uuid(), s.id, :eventId, :type, :payload, 'PENDING', now()
                    from provisioning.webhook_subscriptions s
                    where s.enabled and :type = any (s.event_types) and (s.sees_all_jobs or s.requested_by = :requestedBy)
                    on conflict (subscription_id, event_id) do nothing""")
                    .param("eventId", event.id())
                    .param("type", event.type())
                    .param("payload", payload(event))
                    .param("requestedBy", event.requestedBy())
                    .update();
            jdbc.sql("update provisioning.job_events set dispatched_at = now() where id = :id").param("id", event.id()).update();
            if (deliveries > 0) {
                try (var job = JobLogContext.of(event.jobId(), JobType.valueOf(event.jobType()), event.societeCode())) {
                    log.info("Event {} of job {} (société {}) to be delivered to {} webhook subscription(s)", event.type(),
                            event.jobId(), event.societeCode(), deliveries);
                }
            }
        }
        return events.size();
    }

    private String payload(JobEvent event) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", event.jobId());
        job.put("type", event.jobType());
        job.put("status", statusAnnounced(event.type()));
        job.put("attempts", event.attempts());
        job.put("nextAttemptAt", event.type().equals(JobEventType.JOB_RETRYING.wireName()) ? event.nextAttemptAt() : null);
        job.put("message", event.message());
        job.put("lastError", event.lastError());
        Map<String, Object> societe = new LinkedHashMap<>();
        societe.put("id", event.societeId());
        societe.put("code", event.societeCode());
        societe.put("nom", event.societeNom());
        societe.put("databaseName", event.databaseName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type());
        body.put("timestamp", event.occurredAt().toInstant().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", job);
        data.put("societe", societe);
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    /** The job's status as the event announces it, not as it may be by the time the event is sent. */
    private static String statusAnnounced(String eventType) {
        return switch (JobEventType.fromWireName(eventType).orElseThrow()) {
            case JOB_QUEUED -> "QUEUED";
            case JOB_RUNNING -> "RUNNING";
            case JOB_RETRYING -> "RETRYING";
            case JOB_FAILED -> "FAILED";
            case JOB_SUCCEEDED, SOCIETE_PROVISIONED, SOCIETE_DESTROYED -> "SUCCEEDED";
        };
    }
}
