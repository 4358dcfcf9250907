package com.topsteel.provisioning.gateway.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.StepStatus;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.PageOf;

/** {@code provisioning.jobs} and its step log, as the gateway records and reads them. */
@Repository
public class ProvisioningJobs {

    private static final String COLUMNS = """
            id, type, status, societe_id, societe_code, societe_nom, database_name, attempts, runs, next_attempt_at,
            message, last_error, created_at, started_at, finished_at, updated_at""";

    private static final String PREFIXED_COLUMNS = """
            j.id, j.type, j.status, j.societe_id, j.societe_code, j.societe_nom, j.database_name, j.attempts, j.runs,
            j.next_attempt_at, j.message, j.last_error, j.created_at, j.started_at, j.finished_at, j.updated_at""";

    private static final String STEP_COLUMNS = """
            s.position as step_position, s.name as step_name, s.status as step_status, s.attempts as step_attempts,
            s.started_at as step_started_at, s.finished_at as step_finished_at, s.last_error as step_last_error,
            s.compensation_started_at as step_compensation_started_at,
            s.compensation_finished_at as step_compensation_finished_at,
            s.compensation_error as step_compensation_error""";

    private static final String FILTER = """
            where (cast(:status as text) is null or status = :status)
              and (cast(:type as text) is null or type = :type)
              and (cast(:societeCode as text) is null or lower(societe_code) = lower(:societeCode))
              and (cast(:from as timestamptz) is null or created_at >= :from)
              and (cast(:to as timestamptz) is null or created_at < :to)
              and (cast(:owner as text) is null or requested_by = :owner)""";

    private final JdbcClient jdbc;

    ProvisioningJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A job as the gateway needs it to start another run. */
    public record JobRecord(UUID id, JobType type, JobStatus status, UUID societeId, String societeCode,
            String societeNom, String databaseName, String acceptedRequest, String requestedBy) {
    }

    /**
     * Records a QUEUED job. At most one job per société may be queued or running (a unique
     * index says so), so a second one is refused here whichever gateway accepted it.
     *
     * @throws ConflictException when the société already has a job queued or running
     */
    public void insertQueued(UUID jobId, UUID runId, JobType type, UUID societeId, String societeCode,
            String societeNom, String databaseName, String acceptedRequest, String requestedBy) {
        try {
            jdbc.sql("""
                    insert into provisioning.jobs (id, run_id, type, status, societe_id, societe_code, societe_nom,
                        database_name, request, requested_by)
                    values (:id, :runId, :type, 'QUEUED', :societeId, :societeCode, :societeNom, :databaseName,
                        cast(:request as jsonb), :requestedBy)""")
                    .param("requestedBy", requestedBy)
                    .param("id", jobId)
                    .param("runId", runId)
                    .param("type", type.name())
                    .param("societeId", societeId)
                    .param("societeCode", societeCode)
                    .param("societeNom", societeNom)
                    .param("databaseName", databaseName)
                    .param("request", acceptedRequest)
                    .update();
        } catch (DuplicateKeyException activeJobExists) {
            throw anotherJobActive(societeCode);
        }
        recordQueued(jobId);
    }

    /** job.queued, in the transaction that queued the job. */
    private void recordQueued(UUID jobId) {
        jdbc.sql("insert into provisioning.job_events (job_id, type) values (:id, :event)")
                .param("id", jobId)
                .param("event", JobEventType.JOB_QUEUED.wireName())
                .update();
    }

    /** The job, locked until the end of the caller's transaction. */
    Optional<JobRecord> lockById(UUID jobId) {
        return jdbc.sql("""
                select id, type, status, societe_id, societe_code, societe_nom, database_name, request::text as request,
                       requested_by
                from provisioning.jobs where id = :id for update""")
                .param("id", jobId)
                .query((rs, row) -> new JobRecord(rs.getObject("id", UUID.class), JobType.valueOf(rs.getString("type")),
                        JobStatus.valueOf(rs.getString("status")), rs.getObject("societe_id", UUID.class),
                        rs.getString("societe_code"), rs.getString("societe_nom"), rs.getString("database_name"),
                        rs.getString("request"), rs.getString("requested_by")))
                .optional();
    }

    /** Starts a new run of a FAILED job from a clean step log. */
    void requeue(JobRecord job, UUID runId) {
        try {
            jdbc.sql("""
                    update provisioning.jobs
                    set status = 'QUEUED', run_id = :runId, runs = runs + 1, message = null, last_error = null,
                        next_attempt_at = null, started_at = null, finished_at = null, updated_at = now()
                    where id = :id and status = 'FAILED'""")
                    .param("runId", runId)
                    .param("id", job.id())
                    .update();
        } catch (DuplicateKeyException activeJobExists) {
            throw anotherJobActive(job.societeCode());
        }
        jdbc.sql("delete from provisioning.job_steps where job_id = :id").param("id", job.id()).update();
        recordQueued(job.id());
    }

    private static ConflictException anotherJobActive(String societeCode) {
        return new ConflictException(null, "Un job est déjà en attente ou en cours pour la société " + societeCode);
    }

    /**
     * The job with its step log, read in one statement over one pooled connection: a poller never
     * holds a second connection while the first waits for it.
     *
     * @param owner the requester whose jobs may be seen, or null for all
     */
    public Optional<JobView> findById(UUID jobId, String owner) {
        List<JobView.Step> steps = new ArrayList<>();
        List<JobView> header = new ArrayList<>(1);
        jdbc.sql("select " + PREFIXED_COLUMNS + ", " + STEP_COLUMNS + """
                 from provisioning.jobs j left join provisioning.job_steps s on s.job_id = j.id
                where j.id = :id and (cast(:owner as text) is null or j.requested_by = :owner)
                order by s.position""")
                .param("id", jobId)
                .param("owner", owner)
                .query(rs -> {
                    if (header.isEmpty()) {
                        header.add(view(rs, List.of()));
                    }
                    if (rs.getString("step_name") != null) {
                        steps.add(step(rs));
                    }
                });
        return header.stream().findFirst().map(job -> job.withSteps(steps));
    }

    /** @param owner the requester whose jobs may be seen, or null for all */
    public PageOf<JobView> page(JobSearch search, String owner, int page, int size) {
        // the listing leaves steps out: one query per page, not one per job
        List<JobView> content = filtered("select " + COLUMNS + " from provisioning.jobs " + FILTER
                        + " order by created_at desc, id limit :limit offset :offset", search, owner)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> view(rs, List.of()))
                .list();
        return PageOf.of(content, page, size, count(search, owner));
    }

    public long count(JobSearch search, String owner) {
        return filtered("select count(*) from provisioning.jobs " + FILTER, search, owner).query(Long.class).single();
    }

    /** The ids of the matching jobs, oldest first: the order a bulk retry takes them in. */
    public List<UUID> oldestIds(JobSearch search, int limit) {
        return filtered("select id from provisioning.jobs " + FILTER + " order by created_at, id limit :limit", search, null)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private JdbcClient.StatementSpec filtered(String sql, JobSearch search, String owner) {
        search.requireTimeRange();
        return jdbc.sql(sql)
                .param("status", search.status() == null ? null : search.status().name())
                .param("type", search.type() == null ? null : search.type().name())
                .param("societeCode", search.societeCode())
                .param("from", search.from())
                .param("to", search.to())
                .param("owner", owner);
    }

    private static JobView.Step step(ResultSet rs) throws SQLException {
        OffsetDateTime startedAt = rs.getObject("step_started_at", OffsetDateTime.class);
        OffsetDateTime finishedAt = rs.getObject("step_finished_at", OffsetDateTime.class);
        Long durationMillis = startedAt == null || finishedAt == null ? null
                : Duration.between(startedAt, finishedAt).toMillis();
        return new JobView.Step(rs.getInt("step_position"), rs.getString("step_name"),
                StepStatus.valueOf(rs.getString("step_status")), rs.getInt("step_attempts"), startedAt, finishedAt,
                durationMillis, rs.getString("step_last_error"),
                rs.getObject("step_compensation_started_at", OffsetDateTime.class),
                rs.getObject("step_compensation_finished_at", OffsetDateTime.class),
                rs.getString("step_compensation_error"));
    }

    private static JobView view(ResultSet rs, List<JobView.Step> steps) throws SQLException {
        return new JobView(
                rs.getObject("id", UUID.class),
                JobType.valueOf(rs.getString("type")),
                JobStatus.valueOf(rs.getString("status")),
                rs.getObject("societe_id", UUID.class),
                rs.getString("societe_code"),
                rs.getString("societe_nom"),
                rs.getString("database_name"),
                rs.getInt("attempts"),
                rs.getInt("runs"),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getString("message"),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                steps,
                null);
    }
}
