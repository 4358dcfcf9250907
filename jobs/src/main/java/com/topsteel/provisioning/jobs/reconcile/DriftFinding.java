package com.topsteel.provisioning.jobs.reconcile;

/**
 * One difference between the records and the servers, what to do about it, and what was done.
 *
 * @param target        what drifted: a société code, a database, a job id, a user's email
 * @param detail        what was seen, in a sentence
 * @param proof         for a destructive action, why it is ours to take (the ownership tag and its finished job); else null
 * @param outcomeDetail why it was skipped or failed, or what applying it did; null while proposed
 */
public record DriftFinding(DriftKind kind, DriftSeverity severity, String target, RepairAction proposedAction,
        String detail, String proof, RepairOutcome outcome, String outcomeDetail) {

    public static DriftFinding found(DriftKind kind, DriftSeverity severity, String target, RepairAction action,
            String detail, String proof) {
        return new DriftFinding(kind, severity, target, action, detail, proof, RepairOutcome.PROPOSED, null);
    }

    public DriftFinding with(RepairOutcome newOutcome, String why) {
        return new DriftFinding(kind, severity, target, proposedAction, detail, proof, newOutcome, why);
    }
}
