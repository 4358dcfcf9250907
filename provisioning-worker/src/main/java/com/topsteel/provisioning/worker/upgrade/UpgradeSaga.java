package com.topsteel.provisioning.worker.upgrade;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/**
 * An upgrade campaign: the template, the canary, the waves. Nothing is undone: each tenant's
 * migration commits or rolls back on its own, and the ledger records which; a campaign that
 * stopped is resumed, retried for its failed tenants, or aborted by an operator.
 */
@Configuration(proxyBeanMethods = false)
class UpgradeSaga {

    private static final String LEDGER_KEEPS_IT =
            "each tenant's migration is its own transaction, and the ledger records how each went";

    @Bean
    Saga upgradeFleet(CampaignRunner campaign) {
        return Saga.of(JobType.UPGRADE_FLEET)
                .runsWhere(campaign::whyNotHere)
                .step("check-template", campaign::checkTemplate)
                        // the first step: its undo runs whenever the job fails, whichever step failed
                        .compensateWith(campaign::pauseIfStillRunning)
                .step("upgrade-canary", campaign::upgradeCanary).nothingToUndo(LEDGER_KEEPS_IT)
                .step("upgrade-waves", campaign::upgradeWaves).nothingToUndo(LEDGER_KEEPS_IT)
                .succeedsWith(campaign::summary)
                .failsWith((job, step) -> "Campagne de mise à jour arrêtée à l'étape " + step + " : "
                        + campaign.summary(job))
                .build();
    }
}
