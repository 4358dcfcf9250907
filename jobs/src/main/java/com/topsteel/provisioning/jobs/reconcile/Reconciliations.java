package com.topsteel.provisioning.jobs.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code provisioning.reconciliations}: each RECONCILE_FLEET job's report, asked for by the gateway
 * (an operator) or the worker (the schedule), written by the job as it inspects and repairs.
 */
public class Reconciliations {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<DriftFinding>> FINDINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            r.job_id, r.dry_run, r.requested_by, r.findings::text as findings, r.created_at, r.finished_at,
            j.status as job_status, j.last_error as job_error""";

    private final JdbcClient jdbc;
    private final Jobs jobs;

    public Reconciliations(JdbcClient jdbc, Jobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /**
     * Accepts a RECONCILE_FLEET job and its empty report, in the caller's transaction.
     *
     * @throws JobConflictException when a reconciliation is queued or running already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reconciliation request(boolean dryRun, String requestedBy) {
        Job job = jobs.acceptAlone(JobType.RECONCILE_FLEET, requestedBy, payload(dryRun),
                "Une réconciliation est déjà en attente ou en cours");
        jdbc.sql("insert into provisioning.reconciliations (job_id, dry_run, requested_by) values (:id, :dryRun, :by)")
                .param("id", job.id())
                .param("dryRun", dryRun)
                .param("by", requestedBy)
                .update();
        return find(job.id()).orElseThrow();
    }

    /** What a RECONCILE_FLEET job is accepted with. */
    public static String payload(boolean dryRun) {
        return "{\"dryRun\": " + dryRun + "}";
    }

    /** Whether the job's payload asks for a dry run; anything unreadable is one (never act by accident). */
    public static boolean isDryRun(String payload) {
        return payload == null || !JSON.readTree(payload).path("dryRun").isBoolean()
                || JSON.readTree(payload).path("dryRun").booleanValue();
    }

    /** The findings and what became of each, as the job ends its inspection. */
    public void report(UUID jobId, List<DriftFinding> findings) {
        jdbc.sql("update provisioning.reconciliations set findings = cast(:findings as jsonb), finished_at = now() where job_id = :id")
                .param("findings", JSON.writeValueAsString(findings))
                .param("id", jobId)
                .update();
    }

    public Optional<Reconciliation> find(UUID jobId) {
        return jdbc.sql("select " + COLUMNS
                + " from provisioning.reconciliations r join provisioning.jobs j on j.id = r.job_id where r.job_id = :id")
                .param("id", jobId)
                .query(Reconciliations::reconciliation)
                .optional();
    }

    /** The newest reconciliation, whether it has finished or not. */
    public Optional<Reconciliation> last() {
        return jdbc.sql("select " + COLUMNS + " from provisioning.reconciliations r join provisioning.jobs j on j.id = r.job_id"
                + " order by r.created_at desc, r.job_id limit 1")
                .query(Reconciliations::reconciliation)
                .optional();
    }

    private static Reconciliation reconciliation(ResultSet rs, int row) throws SQLException {
        String findings = rs.getString("findings");
        return new Reconciliation(rs.getObject("job_id", UUID.class), rs.getBoolean("dry_run"), rs.getString("requested_by"),
                JobStatus.valueOf(rs.getString("job_status")), rs.getString("job_error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                findings == null ? List.of() : JSON.readValue(findings, FINDINGS));
    }
}
