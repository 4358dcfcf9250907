package com.topsteel.provisioning.jobs;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;

/**
 * A job as {@code provisioning.jobs} holds it: what it does, to which société, how far it is, and
 * — when read one at a time — its step log.
 *
 * @param runId       the current run; an operator's retry starts a new one
 * @param attempts    attempts of the current run so far
 * @param runs        runs so far, the first included
 * @param payload     what the job was accepted with (JSON, e.g. the provisioning request), or null
 * @param requestedBy the API key (by name) that asked for it
 * @param traceparent the W3C trace context of the request that queued the current run, or null when it
 *                    was queued without tracing (see {@link RunTraces})
 * @param steps       the current run's step log; empty in listings
 */
public record Job(
        UUID id,
        JobType type,
        JobStatus status,
        TenantRef tenant,
        UUID runId,
        int attempts,
        int runs,
        OffsetDateTime nextAttemptAt,
        String message,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        OffsetDateTime updatedAt,
        String requestedBy,
        String payload,
        String traceparent,
        List<JobStep> steps) {

    /** The id of the current run's trace, as trace viewers name it, or null. */
    public String traceId() {
        return RunTraces.traceIdOf(traceparent);
    }

    Job withSteps(List<JobStep> stepLog) {
        return new Job(id, type, status, tenant, runId, attempts, runs, nextAttemptAt, message, lastError, createdAt,
                startedAt, finishedAt, updatedAt, requestedBy, payload, traceparent, List.copyOf(stepLog));
    }
}
