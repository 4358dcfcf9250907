package com.topsteel.provisioning.worker.backup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/** A backup of one société on request (docs/backups.md). */
@Configuration(proxyBeanMethods = false)
class BackupSaga {

    @Bean
    Saga backupTenant(TenantBackups backups) {
        return Saga.of(JobType.BACKUP_TENANT)
                .step("dump-database", backups::dump).compensateWith(backups::discard)
                .succeedsWith(job -> "Sauvegarde de la société \"" + job.tenant().nom() + "\" terminée")
                .failsWith((job, step) -> "Échec de la sauvegarde de la société \"" + job.tenant().nom() + "\" à l'étape " + step)
                .build();
    }
}
