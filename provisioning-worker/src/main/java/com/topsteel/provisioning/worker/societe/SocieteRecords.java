package com.topsteel.provisioning.worker.societe;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

/**
 * The société row in AUTH as the sagas move it: PROVISIONING (recorded by the gateway) → ACTIVE,
 * or DELETING → gone. Each change applies only from the status it expects, so it can run again
 * after a crash and never takes a société from another path.
 */
@Component
public class SocieteRecords {

    private final JdbcClient jdbc;

    SocieteRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The société the gateway recorded is still waiting to be provisioned. */
    public void requireProvisioning(JobContext job) {
        boolean provisioning = jdbc.sql("select exists (select 1 from societes where id = :id and status = 'PROVISIONING')")
                .param("id", job.tenant().societeId())
                .query(Boolean.class)
                .single();
        if (!provisioning) {
            throw new PermanentStepFailure("société " + job.tenant().code() + " is no longer waiting to be provisioned");
        }
    }

    /** The seed's "suppression de l'enregistrement de la société" — only while this provisioning still owns it. */
    public void deleteWhileProvisioning(JobContext job) {
        jdbc.sql("delete from societes where id = :id and status = 'PROVISIONING'")
                .param("id", job.tenant().societeId())
                .update();
    }

    /** PROVISIONING → ACTIVE with its activation date, as the original ended. */
    public void activate(JobContext job) {
        int activated = jdbc.sql("""
                update societes set status = 'ACTIVE', date_activation = coalesce(date_activation, now()), updated_at = now()
                where id = :id and status in ('PROVISIONING', 'ACTIVE')""")
                .param("id", job.tenant().societeId())
                .update();
        if (activated == 0) {
            throw new PermanentStepFailure("société " + job.tenant().code() + " can no longer be activated");
        }
    }

    /** Back to PROVISIONING, so that the undo of the claim removes the row. */
    public void backToProvisioning(JobContext job) {
        jdbc.sql("update societes set status = 'PROVISIONING', date_activation = null, updated_at = now() where id = :id and status = 'ACTIVE'")
                .param("id", job.tenant().societeId())
                .update();
    }

    /** DELETING first, so no one activates the société while it is taken apart; one already gone counts as marked. */
    public void markDeleting(JobContext job) {
        jdbc.sql("update societes set status = 'DELETING', updated_at = now() where id = :id")
                .param("id", job.tenant().societeId())
                .update();
    }

    /** Whether the société was destroyed, or is being: what a failure on its database then means. */
    public boolean isGoneOrDeleting(java.util.UUID societeId) {
        return jdbc.sql("select coalesce((select status = 'DELETING' from societes where id = :id), true)")
                .param("id", societeId)
                .query(Boolean.class)
                .single();
    }

    /** The row itself, so the code can be used again (the original's soft delete blocked it forever). */
    public void delete(JobContext job) {
        jdbc.sql("delete from societes where id = :id").param("id", job.tenant().societeId()).update();
    }
}
