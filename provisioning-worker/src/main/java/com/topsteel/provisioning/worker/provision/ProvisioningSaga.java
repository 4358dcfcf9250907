package com.topsteel.provisioning.worker.provision;

import java.util.List;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaRunner;
import com.topsteel.provisioning.worker.saga.SagaStep;

/** The provisioning of one société, step by step; each step's compensation sits beside it in its class. */
@Component
public class ProvisioningSaga {

    private final SagaRunner runner;
    private final List<SagaStep> steps;

    ProvisioningSaga(SagaRunner runner,
            ClaimSocieteStep claimSociete,
            CreateTenantDatabaseStep createDatabase,
            MigrateTenantDatabaseStep migrateSchema,
            SeedTenantDataStep seedTenantData,
            CreateDefaultUsersStep createDefaultUsers,
            ActivateSocieteStep activateSociete) {
        this.runner = runner;
        this.steps = List.of(claimSociete, createDatabase, migrateSchema, seedTenantData, createDefaultUsers, activateSociete);
    }

    public void run(ProvisionTenant command) {
        JobContext job = new JobContext(command.jobId(), command.societeId(), command.societeCode(), command.societeNom(),
                command.databaseName());
        runner.run(job, steps,
                "Société \"" + command.societeNom() + "\" créée avec succès avec sa base de données dédiée",
                failedStep -> "Échec de la création de la société \"" + command.societeNom() + "\" à l'étape "
                        + failedStep + " : rollback effectué");
    }
}
