package com.topsteel.provisioning.contracts;

/**
 * Lifecycle of a société. The original's values (ACTIVE, INACTIVE, SUSPENDED, TRIAL) plus the
 * two states a société passes through while its database is being created or dropped.
 */
public enum SocieteStatus {
    PROVISIONING, ACTIVE, INACTIVE, SUSPENDED, TRIAL, DELETING
}
