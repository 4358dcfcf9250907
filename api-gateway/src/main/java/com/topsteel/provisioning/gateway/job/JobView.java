package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.infrastructure.secrets.DatabaseRoleVault;
import com.topsteel.provisioning.infrastructure.secrets.InitialPasswordVault;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobStep;

/**
 * A job as clients poll it: its status, its outcome message and every step's record; for an
 * operator, once, the initial passwords generated for the société's default users and its database
 * role's password.
 *
 * @param result  for a MOVE_TENANT job its servers and the time the société was unavailable
 *                ({@code downtimeMillis}); for a DRAIN_SERVER job its moves; read one at a time only
 * @param traceId the trace of the current run (its request, relay, worker, steps and webhooks), or
 *                null when the run was queued without tracing
 */
public record JobView(
        UUID id,
        JobType type,
        JobStatus status,
        UUID societeId,
        String societeCode,
        String societeNom,
        String databaseName,
        int attempts,
        int runs,
        OffsetDateTime nextAttemptAt,
        String message,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        OffsetDateTime updatedAt,
        String traceId,
        List<JobStep> steps,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<InitialPasswordVault.InitialPassword> initialPasswords,
        @JsonInclude(JsonInclude.Include.NON_NULL) DatabaseRoleVault.DatabaseRole databaseRole,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object result) {

    public static JobView of(Job job) {
        boolean tenant = job.tenant() != null;
        return new JobView(job.id(), job.type(), job.status(), tenant ? job.tenant().societeId() : null,
                tenant ? job.tenant().code() : null, tenant ? job.tenant().nom() : null,
                tenant ? job.tenant().databaseName() : null, job.attempts(), job.runs(), job.nextAttemptAt(),
                job.message(), job.lastError(), job.createdAt(), job.startedAt(), job.finishedAt(), job.updatedAt(),
                job.traceId(), job.steps(), null, null, null);
    }

    JobView withSecrets(List<InitialPasswordVault.InitialPassword> passwords, DatabaseRoleVault.DatabaseRole role) {
        return new JobView(id, type, status, societeId, societeCode, societeNom, databaseName, attempts, runs,
                nextAttemptAt, message, lastError, createdAt, startedAt, finishedAt, updatedAt, traceId, steps,
                passwords.isEmpty() ? null : passwords, role, result);
    }

    /** With what the job found or did beyond its status (a move's servers and downtime, a drain's moves). */
    JobView withResult(Object jobResult) {
        return new JobView(id, type, status, societeId, societeCode, societeNom, databaseName, attempts, runs,
                nextAttemptAt, message, lastError, createdAt, startedAt, finishedAt, updatedAt, traceId, steps,
                initialPasswords, databaseRole, jobResult);
    }
}
