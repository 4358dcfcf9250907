package com.topsteel.provisioning.worker.saga;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;

/** The worker's reads and writes of {@code provisioning.jobs}; each transition is guarded by the current status. */
@Repository
public class JobRecords {

    /** A job as the worker loads it to run it. */
    public record JobRecord(JobContext context, JobType type, JobStatus status, UUID runId, int attempts) {
    }

    /** What a status change that happened tells the meters: the job's type and how long since it was accepted. */
    private record Changed(JobType type, Duration sinceAccepted) {
    }

    private final JdbcClient jdbc;
    private final JobMetrics metrics;

    JobRecords(JdbcClient jdbc, JobMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    public Optional<JobRecord> find(UUID jobId) {
        return jdbc.sql("""
                select id, type, status, run_id, attempts, societe_id, societe_code, societe_nom, database_name
                from provisioning.jobs where id = :id""")
                .param("id", jobId)
                .query((rs, row) -> new JobRecord(
                        new JobContext(rs.getObject("id", UUID.class), rs.getObject("societe_id", UUID.class),
                                rs.getString("societe_code"), rs.getString("societe_nom"), rs.getString("database_name")),
                        JobType.valueOf(rs.getString("type")), JobStatus.valueOf(rs.getString("status")),
                        rs.getObject("run_id", UUID.class), rs.getInt("attempts")))
                .optional();
    }

    /*
     * Each status change and its event (job.running, job.failed, ...) are one statement: the
     * event exists exactly when the change does, for the webhook dispatcher to announce.
     */
    private static final String RECORD_EVENT = """
            insert into provisioning.job_events (job_id, type) select id, :event from changed""";

    /*
     * The same, for a change the meters count: the event is written in a data-modifying CTE and
     * the changed row (none when the guard refused the change) is what the statement returns.
     */
    private static final String RECORD_EVENT_RETURNING_CHANGE = """
            , event as (insert into provisioning.job_events (job_id, type) select id, :event from changed)
            select type, extract(epoch from finished_at - created_at) as seconds from changed""";

    /** Claims the job for one attempt of the given run; false when it finished or another run replaced it. */
    boolean start(UUID jobId, UUID runId) {
        return jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                        next_attempt_at = null, updated_at = now()
                    where id = :id and run_id = :runId and status in ('QUEUED', 'RUNNING', 'RETRYING')
                    returning id)
                """ + RECORD_EVENT)
                .param("id", jobId)
                .param("runId", runId)
                .param("event", JobEventType.JOB_RUNNING.wireName())
                .update() == 1;
    }

    /** Fails a job that never started (its command was unreadable); false when it is not waiting. */
    public boolean failUnstarted(UUID jobId, String error) {
        Optional<Changed> failed = jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'FAILED', message = 'Commande illisible : le job n''a pas pu démarrer', last_error = :error,
                        finished_at = now(), updated_at = now()
                    where id = :id and status = 'QUEUED'
                    returning id, type, created_at, finished_at)
                """ + RECORD_EVENT_RETURNING_CHANGE)
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_FAILED.wireName())
                .query(JobRecords::changed)
                .optional();
        failed.ifPresent(changed -> metrics.failed(changed.type(), changed.sinceAccepted()));
        return failed.isPresent();
    }

    void retrying(UUID jobId, Instant nextAttemptAt, String error) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'RETRYING', next_attempt_at = :nextAttemptAt, last_error = :error, updated_at = now()
                    where id = :id and status = 'RUNNING'
                    returning id, type, created_at, finished_at)
                """ + RECORD_EVENT_RETURNING_CHANGE)
                .param("nextAttemptAt", OffsetDateTime.ofInstant(nextAttemptAt, ZoneOffset.UTC))
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_RETRYING.wireName())
                .query(JobRecords::changed)
                .optional()
                .ifPresent(changed -> metrics.retried(changed.type()));
    }

    /** SUCCEEDED, announced as job.succeeded then societe.provisioned or societe.destroyed. */
    void succeed(UUID jobId, String message) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'SUCCEEDED', message = :message, last_error = null, next_attempt_at = null,
                        finished_at = now(), updated_at = now()
                    where id = :id and status = 'RUNNING'
                    returning id, type, created_at, finished_at),
                events as (
                    insert into provisioning.job_events (job_id, type)
                    select id, event from changed, lateral (values (1, :succeeded),
                        (2, case type when 'PROVISION_TENANT' then :provisioned else :destroyed end)) as events (rank, event)
                    order by rank)
                select type, extract(epoch from finished_at - created_at) as seconds from changed""")
                .param("message", message)
                .param("id", jobId)
                .param("succeeded", JobEventType.JOB_SUCCEEDED.wireName())
                .param("provisioned", JobEventType.SOCIETE_PROVISIONED.wireName())
                .param("destroyed", JobEventType.SOCIETE_DESTROYED.wireName())
                .query(JobRecords::changed)
                .optional()
                .ifPresent(changed -> metrics.succeeded(changed.type(), changed.sinceAccepted()));
    }

    void fail(UUID jobId, String message, String error) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'FAILED', message = :message, last_error = :error, next_attempt_at = null,
                        finished_at = now(), updated_at = now()
                    where id = :id and status = 'RUNNING'
                    returning id, type, created_at, finished_at)
                """ + RECORD_EVENT_RETURNING_CHANGE)
                .param("message", message)
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_FAILED.wireName())
                .query(JobRecords::changed)
                .optional()
                .ifPresent(changed -> metrics.failed(changed.type(), changed.sinceAccepted()));
    }

    private static Changed changed(ResultSet rs, int row) throws SQLException {
        double seconds = rs.getDouble("seconds");
        return new Changed(JobType.valueOf(rs.getString("type")),
                rs.wasNull() ? Duration.ZERO : Duration.ofNanos(Math.round(seconds * 1e9)));
    }
}
