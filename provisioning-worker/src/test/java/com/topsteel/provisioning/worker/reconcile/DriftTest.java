package com.topsteel.provisioning.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.DriftKind;
import com.topsteel.provisioning.jobs.reconcile.DriftSeverity;
import com.topsteel.provisioning.jobs.reconcile.RepairAction;
import com.topsteel.provisioning.jobs.reconcile.RepairOutcome;

/** What becomes of a finding when the reconciler applies it. */
class DriftTest {

    private static DriftFinding finding(RepairAction action) {
        return DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, "erp_topsteel_x", action, "seen", null);
    }

    @Test
    void a_report_only_finding_is_reported_and_its_repair_never_runs() {
        AtomicBoolean ran = new AtomicBoolean();
        DriftFinding applied = new Drift(finding(RepairAction.REPORT), () -> {
            ran.set(true);
            return "done";
        }).apply();

        assertThat(applied.outcome()).isEqualTo(RepairOutcome.REPORTED);
        assertThat(ran).isFalse();
    }

    @Test
    void a_repair_that_runs_is_applied_with_what_it_did() {
        DriftFinding applied = new Drift(finding(RepairAction.DROP_DATABASE), () -> "dropped; proof: tag").apply();

        assertThat(applied.outcome()).isEqualTo(RepairOutcome.APPLIED);
        assertThat(applied.outcomeDetail()).isEqualTo("dropped; proof: tag");
        assertThat(applied.kind()).isEqualTo(DriftKind.ORPHAN_DATABASE);
    }

    @Test
    void a_repair_whose_guard_refuses_is_skipped_with_the_reason() {
        DriftFinding applied = new Drift(finding(RepairAction.MARK_DEGRADED), () -> {
            throw new Drift.Refused("changed since it was found");
        }).apply();

        assertThat(applied.outcome()).isEqualTo(RepairOutcome.SKIPPED);
        assertThat(applied.outcomeDetail()).isEqualTo("changed since it was found");
    }

    @Test
    void a_repair_that_throws_is_failed_and_the_next_still_runs() {
        DriftFinding applied = new Drift(finding(RepairAction.DROP_TEMPLATE), () -> {
            throw new IllegalStateException("connection refused");
        }).apply();

        assertThat(applied.outcome()).isEqualTo(RepairOutcome.FAILED);
        assertThat(applied.outcomeDetail()).contains("connection refused");
    }
}
