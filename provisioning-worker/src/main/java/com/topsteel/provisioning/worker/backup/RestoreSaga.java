package com.topsteel.provisioning.worker.backup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/**
 * A restore, IN_PLACE or into a NEW_DATABASE (docs/backups.md). The steps that only an IN_PLACE
 * restore needs do nothing for the other mode. Any failure puts everything back as it was; the previous
 * database, set aside by the swap, is dropped after the job has succeeded ({@link SetAsideDatabases}).
 */
@Configuration(proxyBeanMethods = false)
class RestoreSaga {

    @Bean
    Saga restoreTenant(TenantRestores restores) {
        return Saga.of(JobType.RESTORE_TENANT)
                .step("verify-backup", restores::verifyBackup).nothingToUndo("it only reads the stored dump")
                .step("enter-maintenance", restores::enterMaintenance).compensateWith(restores::leaveMaintenance)
                .step("restore-into-new-database", restores::restoreIntoNewDatabase).compensateWith(restores::dropNewDatabase)
                .step("swap-databases", restores::swapDatabases).compensateWith(restores::swapBack)
                .step("verify-restore", restores::verifyRestore).nothingToUndo("it only reads the restored database")
                .step("leave-maintenance", restores::finishMaintenance).nothingToUndo("the restore is done")
                .succeedsWith(job -> "Société \"" + job.tenant().nom() + "\" restaurée depuis sa sauvegarde")
                .failsWith((job, step) -> "Échec de la restauration de la société \"" + job.tenant().nom() + "\" à l'étape "
                        + step + " : la base d'origine est intacte")
                .build();
    }
}
