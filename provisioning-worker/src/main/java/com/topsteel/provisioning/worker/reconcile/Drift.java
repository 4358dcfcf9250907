package com.topsteel.provisioning.worker.reconcile;

import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.RepairOutcome;

/** A finding and the repair it proposes, bound to what was seen: the repair applies only if that still holds. */
record Drift(DriftFinding finding, Repair repair) {

    /** Applies the repair; says what it did. */
    @FunctionalInterface
    interface Repair {
        String apply() throws Refused;
    }

    /** The world moved since the finding: the guard refused, nothing was changed. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    static Drift reportOnly(DriftFinding finding) {
        return new Drift(finding, null);
    }

    /** The finding with what became of it. */
    DriftFinding apply() {
        if (repair == null || !finding.proposedAction().changesSomething()) {
            return finding.with(RepairOutcome.REPORTED, null);
        }
        try {
            return finding.with(RepairOutcome.APPLIED, repair.apply());
        } catch (Refused refused) {
            return finding.with(RepairOutcome.SKIPPED, refused.getMessage());
        } catch (RuntimeException failure) {
            return finding.with(RepairOutcome.FAILED, failure.toString());
        }
    }
}
