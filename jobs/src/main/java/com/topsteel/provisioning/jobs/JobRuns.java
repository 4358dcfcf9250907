package com.topsteel.provisioning.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;

/**
 * A run's status changes, as the worker makes them. Each is guarded by the statuses
 * {@link JobStatus#reachableFrom()} allows (a change that no longer applies changes nothing) and
 * writes its event in the same statement: the event exists exactly when the change does, for the
 * webhooks to announce, and the meters count only changes that happened.
 */
public class JobRuns {

    /** What a change that happened tells the meters: the job's type and how long since it was accepted. */
    private record Changed(JobType type, Duration sinceAccepted) {
    }

    /** The event written beside a change, for the job the change returned (none when the guard refused it). */
    private static final String WITH_EVENT = """
            , event as (insert into provisioning.job_events (job_id, type) select id, :event from changed)
            select type, extract(epoch from finished_at - created_at) as seconds from changed""";

    /** What a success announces after job.succeeded, by type: each type's own event, if it has one. */
    private static final String ANNOUNCED_ON_SUCCESS = "case type " + Arrays.stream(JobType.values())
            .filter(type -> type.announcedOnSuccess().isPresent())
            .map(type -> "when '" + type.name() + "' then '" + type.announcedOnSuccess().get().wireName() + "'")
            .collect(Collectors.joining(" ")) + " else null end";

    private final JdbcClient jdbc;
    private final JobReader reader;
    private final JobMetrics metrics;

    public JobRuns(JdbcClient jdbc, JobMetrics metrics) {
        this.jdbc = jdbc;
        this.reader = new JobReader(jdbc);
        this.metrics = metrics;
    }

    /** The job as the worker loads it to run it, with its step log. */
    public Optional<Job> find(UUID jobId) {
        return reader.find(jobId, Viewer.OPS);
    }

    /** Claims the job for one attempt of the given run; false when it finished or another run replaced it. */
    public boolean start(UUID jobId, UUID runId) {
        return jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                        next_attempt_at = null, updated_at = now()
                    where id = :id and run_id = :runId and %s
                    returning id)
                insert into provisioning.job_events (job_id, type) select id, :event from changed"""
                .formatted(JobRows.mayBecome(JobStatus.RUNNING)))
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
                    where id = :id and %s
                    returning id, type, created_at, finished_at)
                """.formatted(JobRows.isNow(JobStatus.QUEUED, JobStatus.FAILED)) + WITH_EVENT)
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_FAILED.wireName())
                .query(JobRuns::changed)
                .optional();
        failed.ifPresent(changed -> metrics.failed(changed.type(), changed.sinceAccepted()));
        return failed.isPresent();
    }

    public void retrying(UUID jobId, Instant nextAttemptAt, String error) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'RETRYING', next_attempt_at = :nextAttemptAt, last_error = :error, updated_at = now()
                    where id = :id and %s
                    returning id, type, created_at, finished_at)
                """.formatted(JobRows.mayBecome(JobStatus.RETRYING)) + WITH_EVENT)
                .param("nextAttemptAt", OffsetDateTime.ofInstant(nextAttemptAt, ZoneOffset.UTC))
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_RETRYING.wireName())
                .query(JobRuns::changed)
                .optional()
                .ifPresent(changed -> metrics.retried(changed.type()));
    }

    /** SUCCEEDED, announced as job.succeeded, then as its type's own event (societe.provisioned, …). */
    public void succeed(UUID jobId, String message) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'SUCCEEDED', message = :message, last_error = null, next_attempt_at = null,
                        finished_at = now(), updated_at = now()
                    where id = :id and %s
                    returning id, type, created_at, finished_at),
                events as (
                    insert into provisioning.job_events (job_id, type)
                    select id, event from changed, lateral (values (1, :succeeded), (2, %s)) as events (rank, event)
                    where event is not null
                    order by rank)
                select type, extract(epoch from finished_at - created_at) as seconds from changed"""
                .formatted(JobRows.mayBecome(JobStatus.SUCCEEDED), ANNOUNCED_ON_SUCCESS))
                .param("message", message)
                .param("id", jobId)
                .param("succeeded", JobEventType.JOB_SUCCEEDED.wireName())
                .query(JobRuns::changed)
                .optional()
                .ifPresent(changed -> metrics.succeeded(changed.type(), changed.sinceAccepted()));
    }

    public void fail(UUID jobId, String message, String error) {
        jdbc.sql("""
                with changed as (
                    update provisioning.jobs
                    set status = 'FAILED', message = :message, last_error = :error, next_attempt_at = null,
                        finished_at = now(), updated_at = now()
                    where id = :id and %s
                    returning id, type, created_at, finished_at)
                """.formatted(JobRows.isNow(JobStatus.RUNNING, JobStatus.FAILED)) + WITH_EVENT)
                .param("message", message)
                .param("error", error)
                .param("id", jobId)
                .param("event", JobEventType.JOB_FAILED.wireName())
                .query(JobRuns::changed)
                .optional()
                .ifPresent(changed -> metrics.failed(changed.type(), changed.sinceAccepted()));
    }

    private static Changed changed(ResultSet rs, int row) throws SQLException {
        double seconds = rs.getDouble("seconds");
        return new Changed(JobType.valueOf(rs.getString("type")),
                rs.wasNull() ? Duration.ZERO : Duration.ofNanos(Math.round(seconds * 1e9)));
    }
}
