package com.topsteel.provisioning.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.StepStatus;

/** The columns of {@code provisioning.jobs} and {@code job_steps} every read selects, and the one mapping of a row. */
public final class JobRows {

    /** A job's columns, prefixed {@code j.}. */
    public static final String JOB_COLUMNS = """
            j.id, j.type, j.status, j.societe_id, j.societe_code, j.societe_nom, j.database_name, j.run_id, j.attempts,
            j.runs, j.next_attempt_at, j.message, j.last_error, j.created_at, j.started_at, j.finished_at, j.updated_at,
            j.requested_by, j.payload::text as payload, j.traceparent""";

    /** A step's columns, prefixed {@code s.} and named apart from the job's. */
    static final String STEP_COLUMNS = """
            s.position as step_position, s.name as step_name, s.status as step_status, s.attempts as step_attempts,
            s.started_at as step_started_at, s.finished_at as step_finished_at, s.last_error as step_last_error,
            s.compensation_started_at as step_compensation_started_at,
            s.compensation_finished_at as step_compensation_finished_at,
            s.compensation_error as step_compensation_error""";

    private JobRows() {
    }

    /** {@code status in (…)}: the statuses the job may leave for {@code target}, as {@link JobStatus} declares them. */
    static String mayBecome(JobStatus target) {
        return "status in (" + target.reachableFrom().stream().map(status -> "'" + status.name() + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** {@code status = '…'}: one change, refused as a bug if {@link JobStatus} does not allow it. */
    static String isNow(JobStatus current, JobStatus target) {
        if (!target.reachableFrom().contains(current)) {
            throw new IllegalStateException(current + " may not become " + target);
        }
        return "status = '" + current.name() + "'";
    }

    public static Job job(ResultSet rs) throws SQLException {
        UUID societeId = rs.getObject("societe_id", UUID.class);
        TenantRef tenant = societeId == null ? null
                : new TenantRef(societeId, rs.getString("societe_code"), rs.getString("societe_nom"),
                        rs.getString("database_name"));
        return new Job(
                rs.getObject("id", UUID.class),
                JobType.valueOf(rs.getString("type")),
                JobStatus.valueOf(rs.getString("status")),
                tenant,
                rs.getObject("run_id", UUID.class),
                rs.getInt("attempts"),
                rs.getInt("runs"),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getString("message"),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("requested_by"),
                rs.getString("payload"),
                rs.getString("traceparent"),
                List.of());
    }

    /** The step of a row joined with {@code job_steps}, or null when the job has none yet. */
    static JobStep step(ResultSet rs) throws SQLException {
        if (rs.getString("step_name") == null) {
            return null;
        }
        OffsetDateTime startedAt = rs.getObject("step_started_at", OffsetDateTime.class);
        OffsetDateTime finishedAt = rs.getObject("step_finished_at", OffsetDateTime.class);
        Long durationMillis = startedAt == null || finishedAt == null ? null
                : Duration.between(startedAt, finishedAt).toMillis();
        return new JobStep(rs.getInt("step_position"), rs.getString("step_name"),
                StepStatus.valueOf(rs.getString("step_status")), rs.getInt("step_attempts"), startedAt, finishedAt,
                durationMillis, rs.getString("step_last_error"),
                rs.getObject("step_compensation_started_at", OffsetDateTime.class),
                rs.getObject("step_compensation_finished_at", OffsetDateTime.class),
                rs.getString("step_compensation_error"));
    }
}
