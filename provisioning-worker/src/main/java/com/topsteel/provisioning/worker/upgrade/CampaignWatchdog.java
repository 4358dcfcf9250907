package com.topsteel.provisioning.worker.upgrade;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.worker.intake.JobExecution;

/**
 * A RUNNING campaign whose job no attempt holds — its worker was killed — is handed to JobRunr
 * again by any live worker, within {@code provisioning.upgrades.watchdog-interval}: the next
 * attempt resumes from the ledger. Checking costs one query while no campaign runs.
 */
@Component
class CampaignWatchdog {

    private static final Logger log = LoggerFactory.getLogger(CampaignWatchdog.class);

    private final UpgradeCampaigns campaigns;
    private final JobExecution execution;

    CampaignWatchdog(UpgradeCampaigns campaigns, JobExecution execution) {
        this.campaigns = campaigns;
        this.execution = execution;
    }

    @Scheduled(fixedDelayString = "${provisioning.upgrades.watchdog-interval:10s}",
            initialDelayString = "${provisioning.upgrades.watchdog-interval:10s}")
    void resumeAbandoned() {
        try {
            campaigns.running()
                    .filter(campaign -> execution.resumeIfAbandoned(campaign.jobId()))
                    .ifPresent(campaign -> log.warn("Upgrade campaign {}: its job {} had no attempt running; resumed",
                            campaign.id(), campaign.jobId()));
        } catch (RuntimeException unreachable) {
            log.warn("Abandoned upgrade campaigns not looked for: {}", unreachable.toString());
        }
    }
}
