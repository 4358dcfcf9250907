package com.topsteel.provisioning.worker.destroy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;

/** DELETING first, so no one activates the société while it is taken apart. */
@Component
class MarkSocieteDeletingStep implements ForwardOnlyStep {

    private final JdbcClient jdbc;

    MarkSocieteDeletingStep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "mark-deleting";
    }

    @Override
    public void execute(JobContext job) {
        // a société already gone counts as marked: a retried destroy may find it deleted
        jdbc.sql("update societes set status = 'DELETING', updated_at = now() where id = :id")
                .param("id", job.societeId())
                .update();
    }
}
