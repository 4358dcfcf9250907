package com.topsteel.provisioning.contracts;

/**
 * One tenant in an upgrade campaign's ledger. SUCCEEDED is written only after the database was
 * read back at the target version; SKIPPED when the société went away (destroyed, being
 * destroyed or changed by another job) or the campaign was aborted before reaching it.
 */
public enum TenantUpgradeStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED
}
