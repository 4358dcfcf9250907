package com.topsteel.provisioning.worker.saga;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The worker's writes to {@code provisioning.jobs}; each transition is guarded by the current status. */
@Repository
class JobRecords {

    private final JdbcClient jdbc;

    JobRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the job for a run; false when it already finished (a redelivered command). */
    boolean start(UUID jobId) {
        return jdbc.sql("""
                update provisioning.jobs
                set status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                    updated_at = now()
                where id = :id and status in ('QUEUED', 'RUNNING', 'RETRYING')""")
                .param("id", jobId)
                .update() == 1;
    }

    void succeed(UUID jobId, String message) {
        finish(jobId, "SUCCEEDED", message, null);
    }

    void fail(UUID jobId, String message, String error) {
        finish(jobId, "FAILED", message, error);
    }

    private void finish(UUID jobId, String status, String message, String error) {
        jdbc.sql("""
                update provisioning.jobs
                set status = :status, message = :message, last_error = :error, finished_at = now(), updated_at = now()
                where id = :id and status = 'RUNNING'""")
                .param("status", status)
                .param("message", message)
                .param("error", error)
                .param("id", jobId)
                .update();
    }
}
