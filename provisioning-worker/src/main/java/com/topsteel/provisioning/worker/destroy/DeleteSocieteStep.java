package com.topsteel.provisioning.worker.destroy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;

/** Deletes the row itself, so the code can be used again (the original's soft delete blocked it forever). */
@Component
class DeleteSocieteStep implements ForwardOnlyStep {

    private final JdbcClient jdbc;

    DeleteSocieteStep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "delete-societe";
    }

    @Override
    public void execute(JobContext job) {
        jdbc.sql("delete from societes where id = :id").param("id", job.societeId()).update();
    }
}
