package com.topsteel.provisioning.worker.provision;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaOutcome;
import com.topsteel.provisioning.worker.saga.SagaRunner;
import com.topsteel.provisioning.worker.saga.SagaStep;
import com.topsteel.provisioning.worker.seed.DefaultUsers;

/** The provisioning of one société, step by step; each step's compensation sits beside it in its class. */
@Component
public class ProvisioningSaga {

    private final SagaRunner runner;
    private final DefaultUsers defaultUsers;
    private final List<SagaStep> steps;

    ProvisioningSaga(SagaRunner runner, DefaultUsers defaultUsers,
            ClaimSocieteStep claimSociete,
            CreateTenantDatabaseStep createDatabase,
            MigrateTenantDatabaseStep migrateSchema,
            SeedTenantDataStep seedTenantData,
            CreateDefaultUsersStep createDefaultUsers,
            ActivateSocieteStep activateSociete) {
        this.runner = runner;
        this.defaultUsers = defaultUsers;
        this.steps = List.of(claimSociete, createDatabase, migrateSchema, seedTenantData, createDefaultUsers, activateSociete);
    }

    public SagaOutcome run(JobContext job, UUID runId) {
        // the users' password hashes are computed while the database is created and migrated
        defaultUsers.prepare(job.jobId(), job.societeCode(), job.societeNom());
        try {
            return runner.run(JobType.PROVISION_TENANT, job, runId, steps,
                    "Société \"" + job.societeNom() + "\" créée avec succès avec sa base de données dédiée",
                    failedStep -> "Échec de la création de la société \"" + job.societeNom() + "\" à l'étape "
                            + failedStep + " : rollback effectué");
        } finally {
            defaultUsers.forget(job.jobId());
        }
    }
}
