package com.topsteel.provisioning.jobs;

import java.time.OffsetDateTime;

import com.topsteel.provisioning.contracts.StepStatus;

/** One step of a job's current run, as its step log has it: its execution, then its compensation if any. */
public record JobStep(
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
