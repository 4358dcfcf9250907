package com.topsteel.provisioning.jobs.move;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code provisioning.tenant_moves}: the MOVE_TENANT jobs as an operator or a drain asks for them,
 * and what each move's steps record (docs/servers.md#moving-a-tenant); the DRAIN_SERVER jobs.
 */
public class TenantMoves {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Long>> ROW_COUNTS = new TypeReference<>() {
    };
    private static final String ACTIVE = "j.status in ('QUEUED', 'RUNNING', 'RETRYING')";
    private static final String COLUMNS = """
            m.job_id, m.societe_id, m.source_server, m.target_server, m.copy_database, m.drain_job_id,
            m.previous_status, m.source_schema_version, m.source_row_counts::text as source_row_counts,
            m.maintenance_entered_at, m.maintenance_left_at, m.switched_at, m.created_at, j.status as job_status""";

    private final JdbcClient jdbc;
    private final Jobs jobs;

    public TenantMoves(JdbcClient jdbc, Jobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /**
     * Accepts a MOVE_TENANT job in the caller's transaction, with its record; the copy's name is one
     * no société code can give ({@code {prefix}_move_…}: codes never start with an underscore).
     *
     * @param drainJobId the DRAIN_SERVER job asking for it, or null
     * @throws JobConflictException when the société has another job queued or running
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requestMove(TenantRef tenant, String sourceServer, String targetServer, String tenantDatabasePrefix,
            UUID drainJobId, String requestedBy) {
        Job job = jobs.accept(JobType.MOVE_TENANT, tenant, requestedBy, "{\"server\": \"" + targetServer + "\"}");
        jdbc.sql("""
                insert into provisioning.tenant_moves (job_id, societe_id, source_server, target_server, copy_database, drain_job_id)
                values (:jobId, :societeId, :source, :target, :copy, :drainJobId)""")
                .param("jobId", job.id())
                .param("societeId", tenant.societeId())
                .param("source", sourceServer)
                .param("target", targetServer)
                .param("copy", copyName(tenantDatabasePrefix, job.id()))
                .param("drainJobId", drainJobId)
                .update();
        return job;
    }

    /** The copy's name on the target until the switch. */
    public static String copyName(String tenantDatabasePrefix, UUID jobId) {
        return tenantDatabasePrefix + "_move_" + jobId.toString().replace("-", "").substring(0, 16);
    }

    /** Whether {@code database} is the name a move gives its copy (a leftover of one, when its job is over). */
    public static boolean isCopyName(String tenantDatabasePrefix, String database) {
        return database.startsWith(tenantDatabasePrefix + "_move_");
    }

    /** Accepts a DRAIN_SERVER job unless one of the same server is queued or running. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requestDrain(String server, int maxParallel, String requestedBy) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:lock))").param("lock", "provisioning.drain." + server)
                .query().singleRow();
        boolean running = jdbc.sql("""
                select exists (select 1 from provisioning.jobs j where j.type = 'DRAIN_SERVER' and %s
                               and j.payload ->> 'server' = :server)""".formatted(ACTIVE))
                .param("server", server)
                .query(Boolean.class)
                .single();
        if (running) {
            throw new JobConflictException("server", "Le serveur " + server + " est déjà en cours de vidage");
        }
        return jobs.accept(JobType.DRAIN_SERVER, null, requestedBy,
                "{\"server\": \"" + server + "\", \"maxParallel\": " + maxParallel + "}");
    }

    /** Moves on their way to each server and not switched yet: they take a place there before they count. */
    public Map<String, Long> incomingByServer() {
        Map<String, Long> incoming = new HashMap<>();
        jdbc.sql("""
                select m.target_server, count(*) as moves from provisioning.tenant_moves m
                join provisioning.jobs j on j.id = m.job_id
                where %s and m.switched_at is null and m.target_server is not null
                group by m.target_server""".formatted(ACTIVE))
                .query((rs, row) -> incoming.put(rs.getString("target_server"), rs.getLong("moves")))
                .list();
        return incoming;
    }

    public Optional<Move> find(UUID jobId) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.tenant_moves m join provisioning.jobs j on j.id = m.job_id"
                + " where m.job_id = :id")
                .param("id", jobId)
                .query((rs, row) -> move(rs))
                .optional();
    }

    /** The moves a drain asked for, oldest first. */
    public List<Move> ofDrain(UUID drainJobId) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.tenant_moves m join provisioning.jobs j on j.id = m.job_id"
                + " where m.drain_job_id = :drain order by m.created_at, m.job_id")
                .param("drain", drainJobId)
                .query((rs, row) -> move(rs))
                .list();
    }

    /** The status the société had before its move put it in MAINTENANCE (first time only: a retry keeps the first). */
    public void recordMaintenanceEntered(UUID jobId, String previousStatus) {
        jdbc.sql("""
                update provisioning.tenant_moves set previous_status = coalesce(previous_status, :status),
                    maintenance_entered_at = coalesce(maintenance_entered_at, now())
                where job_id = :id""").param("status", previousStatus).param("id", jobId).update();
    }

    /** When the société left MAINTENANCE (switched or put back): the end of the unavailable time. */
    public void recordMaintenanceLeft(UUID jobId) {
        jdbc.sql("""
                update provisioning.tenant_moves set maintenance_left_at = coalesce(maintenance_left_at, now())
                where job_id = :id and maintenance_entered_at is not null""").param("id", jobId).update();
    }

    /** What the copy's snapshot saw of the source: the copy and the source are checked against it. */
    public void recordSourceSnapshot(UUID jobId, String schemaVersion, Map<String, Long> rowCounts) {
        jdbc.sql("""
                update provisioning.tenant_moves set source_schema_version = :version,
                    source_row_counts = cast(:counts as jsonb)
                where job_id = :id""")
                .param("version", schemaVersion)
                .param("counts", JSON.writeValueAsString(rowCounts))
                .param("id", jobId)
                .update();
    }

    /**
     * The switch in AUTH, in one statement: the société is on the target from now on, and the move
     * says when. False when the société is not on the source any more (switched by an earlier attempt).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean switchSociete(Move move) {
        int switched = jdbc.sql("""
                update societes set server = :target, updated_at = now()
                where id = :societeId and server = :source""")
                .param("target", move.targetServer())
                .param("societeId", move.societeId())
                .param("source", move.sourceServer())
                .update();
        jdbc.sql("update provisioning.tenant_moves set switched_at = coalesce(switched_at, now()) where job_id = :id")
                .param("id", move.jobId()).update();
        return switched == 1;
    }

    /** Undoes {@link #switchSociete}: back on the source. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void switchBack(Move move) {
        jdbc.sql("update societes set server = :source, updated_at = now() where id = :societeId and server = :target")
                .param("target", move.targetServer())
                .param("societeId", move.societeId())
                .param("source", move.sourceServer())
                .update();
        jdbc.sql("update provisioning.tenant_moves set switched_at = null where job_id = :id").param("id", move.jobId()).update();
    }

    private static Move move(java.sql.ResultSet rs) throws java.sql.SQLException {
        String counts = rs.getString("source_row_counts");
        return new Move(rs.getObject("job_id", UUID.class), rs.getObject("societe_id", UUID.class),
                rs.getString("source_server"), rs.getString("target_server"), rs.getString("copy_database"),
                rs.getObject("drain_job_id", UUID.class), rs.getString("previous_status"),
                rs.getString("source_schema_version"), counts == null ? null : JSON.readValue(counts, ROW_COUNTS),
                rs.getObject("maintenance_entered_at", OffsetDateTime.class),
                rs.getObject("maintenance_left_at", OffsetDateTime.class),
                rs.getObject("switched_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("job_status"));
    }
}
