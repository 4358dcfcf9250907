package com.topsteel.provisioning.gateway.societe;

import java.util.Map;

/**
 * The original's {@code {total, active, trial, inactive}}, plus the states it did not have and
 * the sociétés per TENANT schema version.
 */
record SocieteStatistics(long total, long active, long trial, long inactive, long suspended, long provisioning,
        long deleting, Map<String, Long> schemaVersions) {
}
