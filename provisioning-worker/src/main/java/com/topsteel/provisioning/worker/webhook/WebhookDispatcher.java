package com.topsteel.provisioning.worker.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.jobs.JobEvents.JobEvent;
import com.topsteel.provisioning.jobs.TenantRef;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns job events into deliveries: one per enabled subscription that wants the event type and
 * may see the job (its own jobs for a client, every job for ops). The payload is built once
 * here, {@code {type, timestamp, data: {job, societe, details?}}} (details: what a fleet event is
 * about, e.g. the tenant an upgrade failed on), and those exact bytes are signed and
 * sent on every attempt. Events are claimed with SKIP LOCKED, so several workers can dispatch.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final JobEvents events;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookDispatcher(JdbcClient jdbc, JobEvents events, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.events = events;
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
        List<JobEvent> batch = events.claimNotHandedOver(BATCH);
        for (JobEvent event : batch) {
            Job job = event.job();
            String societeCode = job.tenant() == null ? null : job.tenant().code();
            int deliveries = jdbc.sql("""
                    insert into provisioning.webhook_deliveries (id, subscription_id, event_id, type, payload, status,
                        next_attempt_at, job_id, job_type, societe_code, traceparent)
                    select gen_random_uuid(), s.id, :eventId, :type, :payload, 'PENDING', now(), :jobId, :jobType, :societeCode,
                        :traceparent
                    from provisioning.webhook_subscriptions s
                    where s.enabled and :type = any (s.event_types) and (s.sees_all_jobs or s.requested_by = :requestedBy)
                    on conflict (subscription_id, event_id) do nothing""")
                    .param("eventId", event.id())
                    .param("type", event.type().wireName())
                    .param("payload", payload(event))
                    .param("jobId", job.id())
                    .param("jobType", job.type().name())
                    .param("societeCode", societeCode)
                    // the delivery joins the trace of the run whose event it announces
                    .param("traceparent", job.traceparent())
                    .param("requestedBy", job.requestedBy())
                    .update();
            events.handedOver(event.id());
            if (deliveries > 0) {
                try (var logContext = JobLogContext.of(job.id(), job.type(), societeCode)) {
                    log.info("Event {} of job {} (société {}) to be delivered to {} webhook subscription(s)",
                            event.type().wireName(), job.id(), societeCode, deliveries);
                }
            }
        }
        return batch.size();
    }

    private String payload(JobEvent event) {
        Job job = event.job();
        Map<String, Object> jobPart = new LinkedHashMap<>();
        jobPart.put("id", job.id());
        jobPart.put("type", job.type().name());
        jobPart.put("status", statusAnnounced(event.type()));
        jobPart.put("attempts", job.attempts());
        jobPart.put("nextAttemptAt", event.type() == JobEventType.JOB_RETRYING ? job.nextAttemptAt() : null);
        jobPart.put("message", job.message());
        jobPart.put("lastError", job.lastError());
        Map<String, Object> societe = new LinkedHashMap<>();
        TenantRef tenant = job.tenant();
        societe.put("id", tenant == null ? null : tenant.societeId());
        societe.put("code", tenant == null ? null : tenant.code());
        societe.put("nom", tenant == null ? null : tenant.nom());
        societe.put("databaseName", tenant == null ? null : tenant.databaseName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type().wireName());
        body.put("timestamp", event.occurredAt().toInstant().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", jobPart);
        data.put("societe", societe);
        if (event.details() != null) {
            data.put("details", json.readTree(event.details()));
        }
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    /** The job's status as the event announces it, not as it may be by the time the event is sent. */
    private static String statusAnnounced(JobEventType eventType) {
        return switch (eventType) {
            case JOB_QUEUED -> "QUEUED";
            case JOB_RUNNING -> "RUNNING";
            case JOB_RETRYING -> "RETRYING";
            case JOB_FAILED -> "FAILED";
            case JOB_SUCCEEDED, SOCIETE_PROVISIONED, SOCIETE_DESTROYED, UPGRADE_COMPLETED -> "SUCCEEDED";
            // announced while the campaign's or the reconciliation's job runs
            case UPGRADE_STARTED, UPGRADE_TENANT_FAILED, FLEET_DRIFT_DETECTED, SOCIETE_QUOTA_EXCEEDED -> "RUNNING";
        };
    }
}
