package com.topsteel.provisioning.contracts;

/**
 * Lifecycle of a société. The original's values (ACTIVE, INACTIVE, SUSPENDED, TRIAL) plus the
 * two states a société passes through while its database is being created or dropped, and
 * DEGRADED: the reconciler found its records and its database apart (its database missing, or a
 * provisioning no job will finish) and an operator must decide; it is never repaired by recreating
 * an empty database. MAINTENANCE: its database is being replaced by a restore (docs/backups.md);
 * it goes back to the status it had when the restore ends, whether it succeeded or not.
 */
public enum SocieteStatus {
    PROVISIONING, ACTIVE, INACTIVE, SUSPENDED, TRIAL, DELETING, DEGRADED, MAINTENANCE
}
