package com.topsteel.provisioning.gateway.societe;

import java.util.Map;

/**
 * The original's {@code {total, active, trial, inactive}}, plus the states it did not have and
 * the sociétés per TENANT schema version; {@code degraded}: found by the reconciler without their database;
 * {@code maintenance}: their database being replaced by a restore.
 */
record SocieteStatistics(long total, long active, long trial, long inactive, long suspended, long provisioning,
        long deleting, long degraded, long maintenance, Map<String, Long> schemaVersions) {
}
