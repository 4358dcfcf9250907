package com.topsteel.provisioning.jobs.reconcile;

/**
 * What became of a finding: PROPOSED in a dry run; REPORTED when only reporting is allowed;
 * APPLIED; SKIPPED when the world changed since it was found (the guard refused); FAILED.
 */
public enum RepairOutcome {
    PROPOSED, REPORTED, APPLIED, SKIPPED, FAILED
}
