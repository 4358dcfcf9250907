package com.topsteel.provisioning.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.RunJob;
import com.topsteel.provisioning.jobs.outbox.Outbox;

/**
 * Jobs as every caller asks for them: accepted (a new job) or queued again (an operator's retry)
 * — the job, its {@code job.queued} event and its {@link RunJob} command written in the caller's
 * transaction, so the command exists exactly when the run does — and read.
 */
public class Jobs {

    private final JdbcClient jdbc;
    private final JobReader reader;
    private final Outbox outbox;
    private final JobMetrics metrics;
    private final RunTraces traces;

    public Jobs(JdbcClient jdbc, Outbox outbox, JobMetrics metrics, RunTraces traces) {
        this.jdbc = jdbc;
        this.reader = new JobReader(jdbc);
        this.outbox = outbox;
        this.metrics = metrics;
        this.traces = traces;
    }

    /**
     * Records a QUEUED job and the command that runs it. At most one job per société is queued or
     * running (a unique index says so), so a second one is refused whichever gateway accepted it.
     *
     * @param tenant  the société it works on, or null for a job on the whole fleet
     * @param payload what the job is accepted with (JSON), or null
     * @throws JobConflictException when the société already has a job queued or running
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job accept(JobType type, TenantRef tenant, String requestedBy, String payload) {
        UUID jobId = UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        String traceparent = traces.current();
        try {
            jdbc.sql("""
                    insert into provisioning.jobs (id, run_id, type, status, societe_id, societe_code, societe_nom,
                        database_name, payload, requested_by, traceparent)
                    values (:id, :runId, :type, 'QUEUED', :societeId, :societeCode, :societeNom, :databaseName,
                        cast(:payload as jsonb), :requestedBy, :traceparent)""")
                    .param("id", jobId)
                    .param("runId", runId)
                    .param("type", type.name())
                    .param("societeId", tenant == null ? null : tenant.societeId())
                    .param("societeCode", tenant == null ? null : tenant.code())
                    .param("societeNom", tenant == null ? null : tenant.nom())
                    .param("databaseName", tenant == null ? null : tenant.databaseName())
                    .param("payload", payload)
                    .param("requestedBy", requestedBy)
                    .param("traceparent", traceparent)
                    .update();
        } catch (DuplicateKeyException activeJobExists) {
            throw anotherJobActive(tenant);
        }
        queued(jobId, runId, type, traceparent);
        return reader.find(jobId, Viewer.OPS).orElseThrow();
    }

    /** The job, locked until the caller's transaction ends: for a decision no one else may make meanwhile. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Job> lock(UUID jobId) {
        return jdbc.sql("select " + JobRows.JOB_COLUMNS + " from provisioning.jobs j where j.id = :id for update")
                .param("id", jobId)
                .query((rs, row) -> JobRows.job(rs))
                .optional();
    }

    /**
     * Starts a new run of a FAILED job from a clean step log, with its command.
     *
     * @throws JobConflictException when the job is not FAILED, or its société has another job queued or running
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requeue(Job job) {
        UUID runId = UUID.randomUUID();
        String traceparent = traces.current();
        int requeued;
        try {
            requeued = jdbc.sql("""
                    update provisioning.jobs
                    set status = 'QUEUED', run_id = :runId, runs = runs + 1, message = null,
                        last_error = null, next_attempt_at = null, started_at = null, finished_at = null, updated_at = now(),
                        traceparent = :traceparent
                    where id = :id and %s""".formatted(JobRows.mayBecome(JobStatus.QUEUED)))
                    .param("runId", runId)
                    .param("traceparent", traceparent)
                    .param("id", job.id())
                    .update();
        } catch (DuplicateKeyException activeJobExists) {
            throw anotherJobActive(job.tenant());
        }
        if (requeued == 0) {
            JobStatus current = reader.find(job.id(), Viewer.OPS).map(Job::status).orElse(job.status());
            throw new JobConflictException("status", "Le job " + job.id() + " est " + current
                    + " : seul un job FAILED peut être relancé");
        }
        jdbc.sql("delete from provisioning.job_steps where job_id = :id").param("id", job.id()).update();
        queued(job.id(), runId, job.type(), traceparent);
        return reader.find(job.id(), Viewer.OPS).orElseThrow();
    }

    /** job.queued and the command, in the transaction that queued the run; each run is a trace of its own. */
    private void queued(UUID jobId, UUID runId, JobType type, String traceparent) {
        jdbc.sql("insert into provisioning.job_events (job_id, type) values (:id, :event)")
                .param("id", jobId)
                .param("event", JobEventType.JOB_QUEUED.wireName())
                .update();
        outbox.record(new RunJob(jobId, runId, type), traceparent);
        metrics.acceptedOnCommit(type);
    }

    private static JobConflictException anotherJobActive(TenantRef tenant) {
        return new JobConflictException(null, "Un job est déjà en attente ou en cours pour la société "
                + (tenant == null ? "" : tenant.code()));
    }

    /** Whether a job of this type is queued or running (fleet-wide jobs run one at a time). */
    public boolean anyActive(JobType type) {
        return jdbc.sql("select exists (select 1 from provisioning.jobs where type = :type and status in ('QUEUED', 'RUNNING', 'RETRYING'))")
                .param("type", type.name())
                .query(Boolean.class)
                .single();
    }

    /** The job with its step log, if the viewer may see it. */
    public Optional<Job> find(UUID jobId, Viewer viewer) {
        return reader.find(jobId, viewer);
    }

    public List<Job> page(JobFilter filter, Viewer viewer, int page, int size) {
        return reader.page(filter, viewer, page, size);
    }

    public long count(JobFilter filter, Viewer viewer) {
        return reader.count(filter, viewer);
    }

    /** The ids of the matching jobs, oldest first: the order a bulk retry takes them in. */
    public List<UUID> oldestIds(JobFilter filter, int limit) {
        return reader.oldestIds(filter, limit);
    }
}
