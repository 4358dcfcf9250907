package com.topsteel.provisioning.gateway.reconcile;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.DriftKind;
import com.topsteel.provisioning.jobs.reconcile.Reconciliation;

/**
 * A reconciliation as the API shows it: its job's status, and once inspected, every finding with
 * its proposed action and, unless a dry run, what became of it.
 *
 * @param finished whether the report is complete (its job ended)
 * @param byKind   findings per kind of drift
 */
record ReconciliationView(UUID jobId, String job, boolean dryRun, JobStatus status, boolean finished, String requestedBy,
        OffsetDateTime createdAt, OffsetDateTime finishedAt, String error, Map<DriftKind, Long> byKind,
        List<DriftFinding> findings) {

    static ReconciliationView of(Reconciliation reconciliation) {
        Map<DriftKind, Long> byKind = new EnumMap<>(DriftKind.class);
        reconciliation.findings().forEach(finding -> byKind.merge(finding.kind(), 1L, Long::sum));
        return new ReconciliationView(reconciliation.jobId(), "/api/jobs/" + reconciliation.jobId(), reconciliation.dryRun(),
                reconciliation.jobStatus(), reconciliation.jobStatus().isFinished(), reconciliation.requestedBy(),
                reconciliation.createdAt(), reconciliation.finishedAt(), reconciliation.jobError(), byKind,
                reconciliation.findings());
    }
}
