package com.topsteel.provisioning.jobs.upgrade;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.CampaignStatus;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;

/**
 * An upgrade campaign as {@code provisioning.upgrade_campaigns} holds it, with its ledger's counts.
 *
 * @param jobId          the UPGRADE_FLEET job running it now (a resume or a retry of the failed starts another)
 * @param canarySize     tenants upgraded first, alone, before any wave
 * @param maxParallel    tenants upgraded at once on a PostgreSQL server
 * @param failureThreshold percent of failed tenants (among those done) past which the campaign pauses
 * @param backupFirst    each tenant backed up (PRE_UPGRADE) before it is migrated
 * @param reason         why it paused, failed or was aborted; null otherwise
 * @param counts         tenants per ledger status
 */
public record Campaign(UUID id, UUID jobId, String targetVersion, CampaignStatus status, int canarySize,
        int waveSize, int maxParallel, int failureThreshold, boolean backupFirst, String reason, String requestedBy,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt,
        Map<TenantUpgradeStatus, Long> counts) {

    public long count(TenantUpgradeStatus status) {
        return counts.getOrDefault(status, 0L);
    }
}
