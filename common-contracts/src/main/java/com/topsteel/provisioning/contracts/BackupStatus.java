package com.topsteel.provisioning.contracts;

/**
 * A backup's life: QUEUED → RUNNING → SUCCEEDED once the whole dump is stored and its checksum
 * recorded, or FAILED (a crashed one never counts); PURGED once a FINAL backup's grace period ended
 * and its file was removed.
 */
public enum BackupStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, PURGED
}
