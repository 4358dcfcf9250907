package com.topsteel.provisioning.worker.backup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;
import com.topsteel.provisioning.worker.seed.DefaultUsers;
import com.topsteel.provisioning.worker.societe.SocieteRecords;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantRoles;

/**
 * A destroyed société provisioned back from its FINAL backup, with its users (docs/backups.md): the
 * provisioning saga's shape, its database restored rather than seeded, and a role of its own again (the
 * destroy dropped the old one): a new password, sealed for the operator who reads the job once. A failure
 * undoes it all and the société stays recoverable.
 */
@Configuration(proxyBeanMethods = false)
class RecoverSaga {

    private static final String INSIDE_THE_DATABASE = "it lives inside the database restore-database's undo drops";

    @Bean
    Saga recoverTenant(SocieteRecords societes, TenantRecoveries recoveries, TenantDatabases databases, TenantRoles roles,
            DefaultUsers users) {
        return Saga.of(JobType.RECOVER_TENANT)
                .step("claim-societe", societes::requireProvisioning).compensateWith(job -> {
                    societes.deleteWhileProvisioning(job);
                    recoveries.releaseKeptSociete(job);
                })
                .step("verify-backup", recoveries::verifyFinalBackup).nothingToUndo("it only reads the stored dump")
                .step("restore-database", recoveries::restoreDatabase).compensateWith(recoveries::dropDatabase)
                .step("migrate-tenant-schema", databases::migrate).nothingToUndo(INSIDE_THE_DATABASE)
                .step("create-tenant-role", roles::createFor).compensateWith(roles::dropIfCreatedBy)
                .step("restore-users", recoveries::restoreUsers).compensateWith(users::remove)
                .step("activate-societe", societes::activate).compensateWith(societes::backToProvisioning)
                .step("mark-recovered", recoveries::markRecovered).nothingToUndo("the société is back")
                .succeedsWith(job -> "Société \"" + job.tenant().nom() + "\" récupérée depuis sa sauvegarde finale")
                .failsWith((job, step) -> "Échec de la récupération de la société \"" + job.tenant().nom() + "\" à l'étape "
                        + step + " : rollback effectué, elle reste récupérable")
                .build();
    }
}
