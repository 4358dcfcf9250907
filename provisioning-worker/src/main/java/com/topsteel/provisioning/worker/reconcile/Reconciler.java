package com.topsteel.provisioning.worker.reconcile;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.DriftKind;
import com.topsteel.provisioning.jobs.reconcile.DriftSeverity;
import com.topsteel.provisioning.jobs.reconcile.Reconciliations;
import com.topsteel.provisioning.jobs.reconcile.RepairOutcome;
import com.topsteel.provisioning.worker.saga.JobContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one step of a RECONCILE_FLEET job: inspect, repair unless a dry run, and record each finding
 * with what became of it in the job's report; count the findings by kind, and announce them
 * ({@code fleet.drift.detected}). Running it again is safe: it inspects afresh.
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final FleetInspection inspection;
    private final Reconciliations reconciliations;
    private final JobEvents events;
    private final DriftMetrics metrics;
    private final JsonMapper json = JsonMapper.builder().build();

    Reconciler(FleetInspection inspection, Reconciliations reconciliations, JobEvents events, DriftMetrics metrics) {
        this.inspection = inspection;
        this.reconciliations = reconciliations;
        this.events = events;
        this.metrics = metrics;
    }

    void reconcile(JobContext job) {
        boolean dryRun = Reconciliations.isDryRun(job.payload());
        List<Drift> drifts = inspection.inspect();
        List<DriftFinding> report = drifts.stream().map(drift -> dryRun ? drift.finding() : drift.apply()).toList();
        reconciliations.report(job.jobId(), report);
        metrics.record(report);
        if (!report.isEmpty()) {
            events.record(job.jobId(), JobEventType.FLEET_DRIFT_DETECTED, details(dryRun, report));
        }
        for (DriftFinding finding : report) {
            log.info("Reconciler: {} {} {}: {} → {} {}", finding.severity(), finding.kind(), finding.target(),
                    finding.proposedAction(), finding.outcome(), finding.outcomeDetail() == null ? "" : finding.outcomeDetail());
        }
        log.info("Reconciliation {} ({}): {}", job.jobId(), dryRun ? "dry run" : "applied", summary(report));
    }

    /** The job's closing message. */
    String summary(JobContext job) {
        return reconciliations.find(job.jobId())
                .map(reconciliation -> (reconciliation.dryRun() ? "Réconciliation (essai) : " : "Réconciliation : ")
                        + summary(reconciliation.findings()))
                .orElse("Réconciliation");
    }

    private static String summary(List<DriftFinding> report) {
        Map<RepairOutcome, Long> outcomes = new EnumMap<>(RepairOutcome.class);
        report.forEach(finding -> outcomes.merge(finding.outcome(), 1L, Long::sum));
        return report.size() + " écart(s)" + (outcomes.isEmpty() ? "" : " " + outcomes);
    }

    private String details(boolean dryRun, List<DriftFinding> report) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (DriftKind kind : DriftKind.values()) {
            long count = report.stream().filter(finding -> finding.kind() == kind).count();
            if (count > 0) {
                byKind.put(kind.name(), count);
            }
        }
        for (DriftSeverity severity : DriftSeverity.values()) {
            bySeverity.put(severity.name(), report.stream().filter(finding -> finding.severity() == severity).count());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dryRun", dryRun);
        details.put("findings", report.size());
        details.put("byKind", byKind);
        details.put("bySeverity", bySeverity);
        details.put("report", "/api/ops/reconcile/last");
        return json.writeValueAsString(details);
    }
}
