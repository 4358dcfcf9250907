package com.topsteel.provisioning.jobs.reconcile;

/** How soon someone should look: CRITICAL, a tenant cannot work; WARNING, waste or a stuck record; INFO, advice. */
public enum DriftSeverity {
    CRITICAL, WARNING, INFO
}
