package com.topsteel.provisioning.worker.backup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/** Restore drills (docs/backups.md): backups proved restorable, in scratch databases that never outlive the job. */
@Configuration(proxyBeanMethods = false)
class DrillSaga {

    @Bean
    Saga drillRestores(RestoreDrills drills) {
        return Saga.of(JobType.DRILL_RESTORES)
                .step("restore-samples", drills::drill).compensateWith(drills::dropScratchDatabases)
                .succeedsWith(job -> "Exercice de restauration réussi")
                .failsWith((job, step) -> "Exercice de restauration en échec à l'étape " + step)
                .build();
    }
}
