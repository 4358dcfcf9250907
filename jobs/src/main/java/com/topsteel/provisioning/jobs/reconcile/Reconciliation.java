package com.topsteel.provisioning.jobs.reconcile;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;

/**
 * A reconciliation as its RECONCILE_FLEET job recorded it.
 *
 * @param findings empty until the job has inspected the fleet
 */
public record Reconciliation(UUID jobId, boolean dryRun, String requestedBy, JobStatus jobStatus, String jobError,
        OffsetDateTime createdAt, OffsetDateTime finishedAt, List<DriftFinding> findings) {
}
