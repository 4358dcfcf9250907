package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.StepStatus;
import com.topsteel.provisioning.infrastructure.secrets.InitialPasswordVault;

/**
 * A job as clients poll it: its status, its outcome message and every step's record; for an
 * operator, once, the initial passwords generated for the société's default users.
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
        List<Step> steps,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<InitialPasswordVault.InitialPassword> initialPasswords) {

    JobView withSteps(List<Step> stepLog) {
        return new JobView(id, type, status, societeId, societeCode, societeNom, databaseName, attempts, runs,
                nextAttemptAt, message, lastError, createdAt, startedAt, finishedAt, updatedAt, List.copyOf(stepLog),
                initialPasswords);
    }

    JobView withInitialPasswords(List<InitialPasswordVault.InitialPassword> passwords) {
        return new JobView(id, type, status, societeId, societeCode, societeNom, databaseName, attempts, runs,
                nextAttemptAt, message, lastError, createdAt, startedAt, finishedAt, updatedAt, steps, passwords);
    }

    public record Step(
            int position,
            String name,
            StepStatus status,
            int attempts,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            Long durationMillis,
            String lastError,
            OffsetDateTime compensationStartedAt,
            OffsetDateTime compensationFinishedAt,
            String compensationError) {
    }
}
