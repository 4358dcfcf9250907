package com.topsteel.provisioning.gateway.societe;

import java.util.Map;

/**
 * The original's {@code {total, active, trial, inactive}}, plus the states it did not have and
 * the sociétés per TENANT schema version; {@code degraded}: found by the reconciler without their database.
 */
record SocieteStatistics(long total, long active, long trial, long inactive, long suspended, long provisioning,
        long deleting, long degraded, Map<String, Long> schemaVersions) {
}
