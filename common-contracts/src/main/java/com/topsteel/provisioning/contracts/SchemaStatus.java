package com.topsteel.provisioning.contracts;

/**
 * How a société's TENANT schema stands: CURRENT when its last upgrade (if any) succeeded;
 * UPGRADE_FAILED when a campaign's migration failed on it — the database stays at its previous
 * version (the migration's transaction rolled back) until a retry brings it to the target.
 */
public enum SchemaStatus {
    CURRENT, UPGRADE_FAILED
}
