package com.topsteel.provisioning.worker.destroy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.backup.FinalBackups;
import com.topsteel.provisioning.worker.backup.SetAsideDatabases;
import com.topsteel.provisioning.worker.saga.Saga;
import com.topsteel.provisioning.worker.seed.DefaultUsers;
import com.topsteel.provisioning.worker.societe.SocieteRecords;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantRoles;

/**
 * The destruction of one société. Its FINAL backup first (unless an erasure, {@code purge=true}): if
 * that fails, nothing is changed. Then it only moves forward: each step is idempotent and what it
 * removed is not put back, so a destroy that failed is finished by an operator's retry.
 */
@Configuration(proxyBeanMethods = false)
class DestroySaga {

    private static final String FORWARD_ONLY =
            "a destroy is finished by retrying it, never reversed: the société stays DELETING meanwhile";

    @Bean
    Saga destroyTenant(SocieteRecords societes, TenantDatabases databases, TenantRoles roles, DefaultUsers users,
            FinalBackups finals, SetAsideDatabases setAside) {
        return Saga.of(JobType.DESTROY_TENANT)
                // first, so that a failed backup fails the destroy with nothing changed
                .step("final-backup", finals::takeFinalBackup).nothingToUndo("a FINAL backup is the way back: it is kept")
                .step("mark-deleting", societes::markDeleting).nothingToUndo(FORWARD_ONLY)
                .step("drop-database", databases::dropForDestroy).nothingToUndo(FORWARD_ONLY)
                .step("keep-for-recovery", finals::keepForRecovery).nothingToUndo(FORWARD_ONLY)
                .step("drop-tenant-role", job -> {
                    // a previous database a restore set aside, not dropped yet, is still the role's
                    setAside.dropAllOf(job.tenant().societeId());
                    roles.dropForDestroy(job);
                }).nothingToUndo(FORWARD_ONLY)
                .step("remove-users", users::remove).nothingToUndo(FORWARD_ONLY)
                .step("delete-societe", societes::delete).nothingToUndo(FORWARD_ONLY)
                .step("erase-backups", finals::eraseIfPurged).nothingToUndo("an erasure is what was asked for")
                .succeedsWith(job -> "Société \"" + job.tenant().nom() + "\" et sa base de données supprimées avec succès")
                .failsWith((job, step) -> "final-backup".equals(step)
                        ? "Échec de la sauvegarde finale de la société \"" + job.tenant().nom() + "\" : rien n'a été supprimé"
                        : "Échec de la suppression de la société \"" + job.tenant().nom() + "\" à l'étape "
                                + step + " : la société reste DELETING, relancez le job")
                .build();
    }
}
