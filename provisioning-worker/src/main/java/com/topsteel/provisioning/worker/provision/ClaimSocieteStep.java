package com.topsteel.provisioning.worker.provision;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.saga.SagaStep;

/**
 * The société row the gateway recorded as PROVISIONING. Executing checks it is still there;
 * compensating deletes it, the seed's "suppression de l'enregistrement de la société".
 */
@Component
class ClaimSocieteStep implements SagaStep {

    private final JdbcClient jdbc;

    ClaimSocieteStep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "claim-societe";
    }

    @Override
    public void execute(JobContext job) {
        boolean provisioning = jdbc.sql("select exists (select 1 from societes where id = :id and status = 'PROVISIONING')")
                .param("id", job.societeId())
                .query(Boolean.class)
                .single();
        if (!provisioning) {
            throw new PermanentStepFailure("société " + job.societeCode() + " is no longer waiting to be provisioned");
        }
    }

    @Override
    public void compensate(JobContext job) {
        // only a société this provisioning still owns: never one that became ACTIVE through another path
        jdbc.sql("delete from societes where id = :id and status = 'PROVISIONING'")
                .param("id", job.societeId())
                .update();
    }
}
