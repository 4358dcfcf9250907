package com.topsteel.provisioning.gateway.upgrade;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.CampaignStatus;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.jobs.upgrade.Campaign;
import com.topsteel.provisioning.jobs.upgrade.LedgerEntry;

/** What the upgrade routes answer. */
final class UpgradeViews {

    private UpgradeViews() {
    }

    /** A campaign with its counts per ledger status; {@code tenants} is their sum. */
    record CampaignView(UUID id, UUID jobId, CampaignStatus status, String targetVersion, int canary, int waveSize,
            int maxParallel, int failureThreshold, boolean backupFirst, String reason, String requestedBy, long tenants,
            Map<TenantUpgradeStatus, Long> counts, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            OffsetDateTime finishedAt) {

        static CampaignView of(Campaign campaign) {
            Map<TenantUpgradeStatus, Long> counts = new java.util.EnumMap<>(TenantUpgradeStatus.class);
            for (TenantUpgradeStatus status : TenantUpgradeStatus.values()) {
                counts.put(status, campaign.count(status));
            }
            return new CampaignView(campaign.id(), campaign.jobId(), campaign.status(), campaign.targetVersion(),
                    campaign.canarySize(), campaign.waveSize(), campaign.maxParallel(), campaign.failureThreshold(),
                    campaign.backupFirst(), campaign.reason(), campaign.requestedBy(), counts.values().stream().mapToLong(Long::longValue).sum(),
                    counts, campaign.createdAt(), campaign.updatedAt(), campaign.finishedAt());
        }
    }

    /** A campaign and a page of its ledger. */
    record CampaignDetail(CampaignView campaign, PageOf<LedgerEntry> ledger) {
    }

    /** Who a campaign would upgrade, and from which version; nothing was changed. */
    record DryRun(boolean dryRun, String targetVersion, int tenants, List<PlannedTenant> plan) {
    }

    record PlannedTenant(String societeCode, String databaseName, String fromVersion, boolean canary) {
    }
}
