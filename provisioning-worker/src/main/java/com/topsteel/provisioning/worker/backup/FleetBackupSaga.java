package com.topsteel.provisioning.worker.backup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/** The scheduled run (docs/backups.md): retention and purges first, so a failed backup never keeps them from running. */
@Configuration(proxyBeanMethods = false)
class FleetBackupSaga {

    @Bean
    Saga backupFleet(FleetBackups fleet) {
        return Saga.of(JobType.BACKUP_FLEET)
                .step("purge-expired-final-backups", fleet::purgeExpiredFinalBackups)
                        .nothingToUndo("a grace period that ended is over")
                .step("apply-retention", fleet::applyRetention).nothingToUndo("pruned backups are what retention asks for")
                .step("back-up-active-societes", fleet::backUpActiveSocietes)
                        .nothingToUndo("each backup stands on its own: a failed one is recorded FAILED, with no file")
                .succeedsWith(job -> "Sauvegardes planifiées terminées")
                .failsWith((job, step) -> "Sauvegardes planifiées en échec à l'étape " + step)
                .build();
    }
}
