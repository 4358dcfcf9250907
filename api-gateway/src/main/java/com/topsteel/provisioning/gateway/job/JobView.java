package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.StepStatus;

/** A job as clients poll it: its status, its outcome message and every step's record. */
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
        List<Step> steps) {

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
