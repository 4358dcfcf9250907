package com.topsteel.provisioning.jobs;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code provisioning.job_steps}: one durable row per step of a job, written before and after
 * each execution and compensation, so a restarted worker knows what already happened.
 */
public class StepLog {

    private final JdbcClient jdbc;

    public StepLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean hasSucceeded(UUID jobId, String step) {
        return jdbc.sql("select exists (select 1 from provisioning.job_steps where job_id = :jobId and name = :name and status = 'SUCCEEDED')")
                .param("jobId", jobId)
                .param("name", step)
                .query(Boolean.class)
                .single();
    }

    /** Records the start of an attempt and returns its number. */
    public int started(UUID jobId, int position, String step) {
        return jdbc.sql("""
                insert into provisioning.job_steps (job_id, position, name, status, attempts, started_at)
                values (:jobId, :position, :name, 'RUNNING', 1, now())
                on conflict (job_id, name) do update
                set status = 'RUNNING', attempts = job_steps.attempts + 1, started_at = now(), finished_at = null
                returning attempts""")
                .param("jobId", jobId)
                .param("position", position)
                .param("name", step)
                .query(Integer.class)
                .single();
    }

    public void succeeded(UUID jobId, String step) {
        jdbc.sql("""
                update provisioning.job_steps set status = 'SUCCEEDED', finished_at = now(), last_error = null
                where job_id = :jobId and name = :name""")
                .param("jobId", jobId)
                .param("name", step)
                .update();
    }

    public void failed(UUID jobId, String step, String error) {
        jdbc.sql("""
                update provisioning.job_steps set status = 'FAILED', finished_at = now(), last_error = :error
                where job_id = :jobId and name = :name""")
                .param("jobId", jobId)
                .param("name", step)
                .param("error", error)
                .update();
    }

    public void compensating(UUID jobId, String step) {
        jdbc.sql("""
                update provisioning.job_steps set status = 'COMPENSATING', compensation_started_at = now()
                where job_id = :jobId and name = :name""")
                .param("jobId", jobId)
                .param("name", step)
                .update();
    }

    public void compensated(UUID jobId, String step) {
        jdbc.sql("""
                update provisioning.job_steps
                set status = 'COMPENSATED', compensation_finished_at = now(), compensation_error = null
                where job_id = :jobId and name = :name""")
                .param("jobId", jobId)
                .param("name", step)
                .update();
    }

    public void compensationFailed(UUID jobId, String step, String error) {
        jdbc.sql("""
                update provisioning.job_steps
                set status = 'COMPENSATION_FAILED', compensation_finished_at = now(), compensation_error = :error
                where job_id = :jobId and name = :name""")
                .param("jobId", jobId)
                .param("name", step)
                .param("error", error)
                .update();
    }
}
