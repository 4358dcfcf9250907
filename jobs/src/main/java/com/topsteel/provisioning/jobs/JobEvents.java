package com.topsteel.provisioning.jobs;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobEventType;

/**
 * {@code provisioning.job_events}: every status change of a job, written by the statement that
 * makes it ({@link Jobs}, {@link JobRuns}), handed once to whoever announces them (the webhooks).
 */
public class JobEvents {

    /**
     * One event, with its job as the job is now (its status may have moved on: the event says which it announces).
     *
     * @param details what the event is about beyond its job (JSON: the tenant an upgrade failed on…), or null
     */
    public record JobEvent(long id, JobEventType type, OffsetDateTime occurredAt, Job job, String details) {
    }

    private final JdbcClient jdbc;

    public JobEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The oldest events not yet handed over, locked for the caller's transaction; claimed with SKIP
     * LOCKED, so several workers can take them. {@link #handedOver} marks each done.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<JobEvent> claimNotHandedOver(int limit) {
        return jdbc.sql("select e.id as event_id, e.type as event_type, e.occurred_at, e.details::text as event_details, "
                + JobRows.JOB_COLUMNS + """
                 from provisioning.job_events e join provisioning.jobs j on j.id = e.job_id
                where e.dispatched_at is null
                order by e.id limit :limit
                for update of e skip locked""")
                .param("limit", limit)
                .query((rs, row) -> new JobEvent(rs.getLong("event_id"),
                        JobEventType.fromWireName(rs.getString("event_type")).orElseThrow(),
                        rs.getObject("occurred_at", OffsetDateTime.class), JobRows.job(rs), rs.getString("event_details")))
                .list();
    }

    /**
     * An event that is not a status change of its job — a fleet job's progress, e.g. the tenant an
     * upgrade campaign failed on — with what it is about, as JSON.
     */
    public void record(UUID jobId, JobEventType type, String details) {
        jdbc.sql("insert into provisioning.job_events (job_id, type, details) values (:id, :type, cast(:details as jsonb))")
                .param("id", jobId)
                .param("type", type.wireName())
                .param("details", details)
                .update();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void handedOver(long eventId) {
        jdbc.sql("update provisioning.job_events set dispatched_at = now() where id = :id").param("id", eventId).update();
    }

    /** The events of one job, oldest first. */
    public List<JobEventType> of(UUID jobId) {
        return jdbc.sql("select type from provisioning.job_events where job_id = :id order by id")
                .param("id", jobId)
                .query((rs, row) -> JobEventType.fromWireName(rs.getString("type")).orElseThrow())
                .list();
    }
}
