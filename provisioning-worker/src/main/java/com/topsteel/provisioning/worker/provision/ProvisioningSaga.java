package com.topsteel.provisioning.worker.provision;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;
import com.topsteel.provisioning.worker.seed.DefaultUsers;
import com.topsteel.provisioning.worker.seed.TenantSeedData;
import com.topsteel.provisioning.worker.societe.SocieteRecords;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantRoles;

/** The provisioning of one société, as the seed note describes it, each step beside its undo. */
@Configuration(proxyBeanMethods = false)
class ProvisioningSaga {

    private static final String INSIDE_THE_DATABASE =
            "it lives inside the tenant database, which create-database's undo drops";

    @Bean
    Saga provisionTenant(SocieteRecords societes, TenantDatabases databases, TenantSeedData seedData,
            DefaultUsers defaultUsers, TenantRoles roles) {
        return Saga.of(JobType.PROVISION_TENANT)
                .step("claim-societe", societes::requireProvisioning)
                        .compensateWith(societes::deleteWhileProvisioning)
                .step("create-database", databases::createFor)
                        .compensateWith(databases::dropIfCreatedBy)
                .step("migrate-tenant-schema", databases::migrate)
                        .nothingToUndo(INSIDE_THE_DATABASE)
                .step("seed-tenant-data", seedData::seed)
                        .nothingToUndo(INSIDE_THE_DATABASE)
                .step("create-tenant-role", roles::createFor)
                        .compensateWith(roles::dropIfCreatedBy)
                .step("create-default-users", defaultUsers::create)
                        // their passwords are hashed while the database is copied
                        .preparedBy(defaultUsers::startHashing)
                        .compensateWith(defaultUsers::undoCreate)
                .step("activate-societe", societes::activate)
                        .compensateWith(societes::backToProvisioning)
                .succeedsWith(job -> "Société \"" + job.tenant().nom() + "\" créée avec succès avec sa base de données dédiée")
                .failsWith((job, step) -> "Échec de la création de la société \"" + job.tenant().nom() + "\" à l'étape "
                        + step + " : rollback effectué")
                .build();
    }
}
