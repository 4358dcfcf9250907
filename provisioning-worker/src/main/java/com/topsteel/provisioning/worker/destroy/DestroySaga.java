package com.topsteel.provisioning.worker.destroy;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaOutcome;
import com.topsteel.provisioning.worker.saga.SagaRunner;
import com.topsteel.provisioning.worker.saga.SagaStep;

/**
 * The destruction of one société. It only moves forward: each step is idempotent and has
 * nothing to undo, so a destroy that failed is finished by an operator's retry, never reversed.
 */
@Component
public class DestroySaga {

    private final SagaRunner runner;
    private final List<SagaStep> steps;

    DestroySaga(SagaRunner runner,
            MarkSocieteDeletingStep markDeleting,
            DropTenantDatabaseStep dropDatabase,
            RemoveSocieteUsersStep removeUsers,
            DeleteSocieteStep deleteSociete) {
        this.runner = runner;
        this.steps = List.of(markDeleting, dropDatabase, removeUsers, deleteSociete);
    }

    public SagaOutcome run(JobContext job, UUID runId) {
        return runner.run(JobType.DESTROY_TENANT, job, runId, steps,
                "Société \"" + job.societeNom() + "\" et sa base de données supprimées avec succès",
                failedStep -> "Échec de la suppression de la société \"" + job.societeNom() + "\" à l'étape "
                        + failedStep + " : la société reste DELETING, relancez le job");
    }
}
