package com.topsteel.provisioning.worker.upgrade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.jobs.upgrade.CampaignConflictException;
import com.topsteel.provisioning.jobs.upgrade.CampaignLauncher;
import com.topsteel.provisioning.jobs.upgrade.CampaignRequest;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.worker.tenantdb.TenantMigrations;

/**
 * {@code provisioning.upgrades.auto-start=true}: a worker whose migrations are newer than some
 * tenant's starts a campaign to its newest version by itself, with the default settings — once
 * per version, whatever the number of workers starting: the campaign records the version it was
 * auto-started for, uniquely, and only one campaign may be active.
 */
@Component
@ConditionalOnBooleanProperty("provisioning.upgrades.auto-start")
class UpgradeAutoStart {

    private static final Logger log = LoggerFactory.getLogger(UpgradeAutoStart.class);

    private final TenantMigrations migrations;
    private final UpgradeCampaigns campaigns;
    private final CampaignLauncher launcher;
    private final TransactionTemplate transaction;

    UpgradeAutoStart(TenantMigrations migrations, UpgradeCampaigns campaigns, CampaignLauncher launcher,
            TransactionTemplate transaction) {
        this.migrations = migrations;
        this.campaigns = campaigns;
        this.launcher = launcher;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startIfBehind() {
        String version = migrations.newestVersion();
        if (campaigns.plan(version).isEmpty()) {
            log.info("Auto-start: every société is at version {} or later; no campaign", version);
            return;
        }
        try {
            var campaign = transaction.execute(status -> launcher.start(CampaignRequest.withDefaults(version),
                    "auto-start", version));
            log.info("Auto-start: campaign {} started to bring {} société(s) to version {}", campaign.id(),
                    campaign.counts().values().stream().mapToLong(Long::longValue).sum(), version);
        } catch (CampaignConflictException alreadyStarted) {
            log.info("Auto-start: no campaign to version {} started here: {}", version, alreadyStarted.getMessage());
        }
    }
}
