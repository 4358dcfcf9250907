package com.topsteel.provisioning.jobs.reconcile;

/** What the reconciler proposes for a finding; {@link #REPORT} alone changes nothing. */
public enum RepairAction {
    MARK_DEGRADED, DROP_DATABASE, REQUEUE_JOB, TAKE_OVER_JOB, REMOVE_USER, DROP_TEMPLATE, REPORT;

    public boolean changesSomething() {
        return this != REPORT;
    }
}
