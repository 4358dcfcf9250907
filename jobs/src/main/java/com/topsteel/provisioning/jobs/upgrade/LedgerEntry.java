package com.topsteel.provisioning.jobs.upgrade;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.topsteel.provisioning.contracts.TenantUpgradeStatus;

/**
 * One tenant of a campaign: where it started, where it is going, how it went.
 *
 * @param wave        0 for the canary, then the wave it was upgraded in; null until it is in one
 * @param fromVersion its version when its upgrade started (as recorded when it was planned, until then)
 * @param attempts    upgrades started for it in this campaign (a crash or a retry of the failed adds one)
 */
public record LedgerEntry(UUID societeId, String societeCode, String databaseName, Integer wave, boolean canary,
        String fromVersion, String toVersion, TenantUpgradeStatus status, int attempts, Long durationMs, String error,
        OffsetDateTime startedAt, OffsetDateTime finishedAt) {
}
