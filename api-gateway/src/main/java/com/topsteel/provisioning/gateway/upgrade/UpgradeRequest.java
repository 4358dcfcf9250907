package com.topsteel.provisioning.gateway.upgrade;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/ops/upgrades}; every field optional.
 *
 * @param targetVersion    default: the newest version a live worker knows
 * @param canary           a number of sociétés (the first by code), or a list of codes; default 1
 * @param waveSize         tenants per wave after the canary
 * @param maxParallel      tenants upgraded at once on the PostgreSQL server
 * @param failureThreshold percent of the campaign's tenants that may fail before it pauses
 * @param backupFirst      each tenant backed up (trigger PRE_UPGRADE) before it is migrated; default false
 * @param dryRun           lists who would move from which version, changes nothing
 */
record UpgradeRequest(
        @Size(max = 50) String targetVersion,
        JsonNode canary,
        @Min(1) @Max(1000) Integer waveSize,
        @Min(1) @Max(32) Integer maxParallel,
        @Min(0) @Max(100) Integer failureThreshold,
        Boolean backupFirst,
        Boolean dryRun) {
}
