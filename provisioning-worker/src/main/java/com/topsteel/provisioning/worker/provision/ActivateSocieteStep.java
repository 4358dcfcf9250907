package com.topsteel.provisioning.worker.provision;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.saga.SagaStep;

/** PROVISIONING → ACTIVE with its activation date, as the original ended. */
@Component
class ActivateSocieteStep implements SagaStep {

    private final JdbcClient jdbc;

    ActivateSocieteStep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "activate-societe";
    }

    @Override
    public void execute(JobContext job) {
        int activated = jdbc.sql("""
                update societes set status = 'ACTIVE', date_activation = coalesce(date_activation, now()), updated_at = now()
                where id = :id and status in ('PROVISIONING', 'ACTIVE')""")
                .param("id", job.societeId())
                .update();
        if (activated == 0) {
            throw new PermanentStepFailure("société " + job.societeCode() + " can no longer be activated");
        }
    }

    @Override
    public void compensate(JobContext job) {
        // back to PROVISIONING so that claim-societe's compensation removes the row
        jdbc.sql("update societes set status = 'PROVISIONING', date_activation = null, updated_at = now() where id = :id and status = 'ACTIVE'")
                .param("id", job.societeId())
                .update();
    }
}
