package com.topsteel.provisioning.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every read of jobs: one with its step log, pages of them, counts. Works over whatever
 * connection it is given — the pool, or a connection of its own (the gateway's job change feed).
 */
public class JobReader {

    private static final String FILTER = """
            where (cast(:status as text) is null or j.status = :status)
              and (cast(:type as text) is null or j.type = :type)
              and (cast(:societeId as uuid) is null or j.societe_id = :societeId)
              and (cast(:societeCode as text) is null or lower(j.societe_code) = lower(:societeCode))
              and (cast(:from as timestamptz) is null or j.created_at >= :from)
              and (cast(:to as timestamptz) is null or j.created_at < :to)
              and (cast(:requestedBy as text) is null or j.requested_by = :requestedBy)""";

    private final JdbcClient jdbc;

    public JobReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The job with its step log, read in one statement over one connection: a reader never holds a
     * second connection while the first waits for it.
     */
    public Optional<Job> find(UUID jobId, Viewer viewer) {
        List<JobStep> steps = new ArrayList<>();
        List<Job> found = new ArrayList<>(1);
        jdbc.sql("select " + JobRows.JOB_COLUMNS + ", " + JobRows.STEP_COLUMNS + """
                 from provisioning.jobs j left join provisioning.job_steps s on s.job_id = j.id
                where j.id = :id and (cast(:requestedBy as text) is null or j.requested_by = :requestedBy)
                order by s.position""")
                .param("id", jobId)
                .param("requestedBy", viewer.requesterFilter())
                .query(rs -> {
                    if (found.isEmpty()) {
                        found.add(JobRows.job(rs));
                    }
                    JobStep step = JobRows.step(rs);
                    if (step != null) {
                        steps.add(step);
                    }
                });
        return found.stream().findFirst().map(job -> job.withSteps(steps));
    }

    /** Newest first, without their step logs: one query per page, not one per job. */
    public List<Job> page(JobFilter filter, Viewer viewer, int page, int size) {
        return filtered("select " + JobRows.JOB_COLUMNS + " from provisioning.jobs j " + FILTER
                        + " order by j.created_at desc, j.id limit :limit offset :offset", filter, viewer)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> JobRows.job(rs))
                .list();
    }

    public long count(JobFilter filter, Viewer viewer) {
        return filtered("select count(*) from provisioning.jobs j " + FILTER, filter, viewer).query(Long.class).single();
    }

    /** The ids of the matching jobs, oldest first: the order a bulk retry takes them in. */
    public List<UUID> oldestIds(JobFilter filter, int limit) {
        return filtered("select j.id from provisioning.jobs j " + FILTER + " order by j.created_at, j.id limit :limit",
                filter, Viewer.OPS)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private JdbcClient.StatementSpec filtered(String sql, JobFilter filter, Viewer viewer) {
        return jdbc.sql(sql)
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("type", filter.type() == null ? null : filter.type().name())
                .param("societeId", filter.societeId())
                .param("societeCode", filter.societeCode())
                .param("from", filter.from())
                .param("to", filter.to())
                .param("requestedBy", viewer.requesterFilter());
    }
}
