package com.topsteel.provisioning.jobs.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.BackupTrigger;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.RestoreMode;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code provisioning.backups}, {@code provisioning.restores} and {@code provisioning.deleted_societes}:
 * the backup jobs as the gateway and the schedule ask for them, and their records as the worker
 * writes them (docs/backups.md).
 */
public class Backups {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Long>> ROW_COUNTS = new TypeReference<>() {
    };
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String COLUMNS = """
            id, societe_id, societe_code, database_name, job_id, trigger, status, storage_key, schema_version,
            size_bytes, sha256, row_counts::text as row_counts, error, requested_by, created_at, started_at, finished_at,
            verified_at""";
    private static final String DELETED_COLUMNS = """
            id, code, nom, database_name, societe::text as societe, users::text as users, final_backup_id, destroy_job_id,
            deleted_at, purge_after, status, recover_job_id, purged_at""";

    private static final String RECOVERABLE = "d.status in ('DELETED', 'RECOVERING')"
            + " and (d.status = 'RECOVERING' or not exists (select 1 from societes s where s.id = d.id))";

    private final JdbcClient jdbc;
    private final Jobs jobs;

    public Backups(JdbcClient jdbc, Jobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /** A job and the backup it makes, as accepted. */
    public record Accepted(Job job, Backup backup) {
    }

    /**
     * Accepts a MANUAL backup of the société: its BACKUP_TENANT job and its QUEUED record, in the caller's transaction.
     *
     * @throws JobConflictException when the société has another job queued or running
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Accepted requestBackup(TenantRef tenant, String requestedBy) {
        UUID backupId = UUID.randomUUID();
        Job job = jobs.accept(JobType.BACKUP_TENANT, tenant, requestedBy, "{\"backupId\": \"" + backupId + "\"}");
        insert(backupId, job.id(), tenant, BackupTrigger.MANUAL, requestedBy);
        return new Accepted(job, find(backupId).orElseThrow());
    }

    /**
     * Accepts a RESTORE_TENANT job of a SUCCEEDED backup, in the caller's transaction.
     *
     * @param targetDatabase the database the dump goes into (see {@link Restore#targetDatabase})
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requestRestore(TenantRef tenant, Backup backup, RestoreMode mode, String targetDatabase, String requestedBy) {
        Job job = jobs.accept(JobType.RESTORE_TENANT, tenant, requestedBy, "{\"backupId\": \"" + backup.id()
                + "\", \"mode\": \"" + mode + "\", \"targetDatabase\": \"" + targetDatabase + "\"}");
        jdbc.sql("""
                insert into provisioning.restores (job_id, backup_id, societe_id, mode, target_database)
                values (:jobId, :backupId, :societeId, :mode, :target)""")
                .param("jobId", job.id())
                .param("backupId", backup.id())
                .param("societeId", tenant.societeId())
                .param("mode", mode.name())
                .param("target", targetDatabase)
                .update();
        return job;
    }

    /**
     * Accepts the recovery of a destroyed société, whose row the caller has recorded again as
     * PROVISIONING under {@code tenant}: its RECOVER_TENANT job, the kept société marked RECOVERING.
     *
     * @throws JobConflictException when it is not DELETED any more (recovered, being recovered, or purged)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requestRecovery(DeletedSociete deleted, TenantRef tenant, String requestedBy) {
        Job job = jobs.accept(JobType.RECOVER_TENANT, tenant, requestedBy, "{\"deletedSocieteId\": \"" + deleted.id() + "\"}");
        int claimed = jdbc.sql("""
                update provisioning.deleted_societes set status = 'RECOVERING', recover_job_id = :jobId
                where id = :id and status = 'DELETED'""")
                .param("jobId", job.id())
                .param("id", deleted.id())
                .update();
        if (claimed == 0) {
            throw new JobConflictException("id", "La société supprimée " + deleted.code() + " n'est plus récupérable ("
                    + findDeleted(deleted.id()).map(DeletedSociete::status).orElse("inconnue") + ")");
        }
        return job;
    }

    /**
     * Accepts a fleet-wide job (scheduled backups, drills) unless one of its type is queued or running.
     *
     * @throws JobConflictException when one is
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requestFleetJob(JobType type, String payload, String requestedBy) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('provisioning.backups.' || :type))").param("type", type.name())
                .query().singleRow();
        if (jobs.anyActive(type)) {
            throw new JobConflictException(null, "Un job " + type + " est déjà en attente ou en cours");
        }
        return jobs.accept(type, null, requestedBy, payload);
    }

    // --- records, as the worker writes them

    /** The job's backup of the société, recorded QUEUED if the job has none yet (a FINAL or SCHEDULED one). */
    public Backup recordFor(UUID jobId, TenantRef tenant, BackupTrigger trigger, String requestedBy) {
        insert(UUID.randomUUID(), jobId, tenant, trigger, requestedBy);
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where job_id = :jobId and societe_id = :societeId")
                .param("jobId", jobId)
                .param("societeId", tenant.societeId())
                .query(this::backup)
                .single();
    }

    private void insert(UUID backupId, UUID jobId, TenantRef tenant, BackupTrigger trigger, String requestedBy) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into provisioning.backups (id, societe_id, societe_code, database_name, job_id, trigger, status,
                    storage_key, requested_by)
                values (:id, :societeId, :code, :databaseName, :jobId, :trigger, 'QUEUED', :key, :requestedBy)
                on conflict (job_id, societe_id) do nothing""")
                .param("id", backupId)
                .param("societeId", tenant.societeId())
                .param("code", tenant.code())
                .param("databaseName", tenant.databaseName())
                .param("jobId", jobId)
                .param("trigger", trigger.name())
                .param("key", SocieteCode.normalize(tenant.code()) + "/" + KEY_TIME.format(now) + "-" + backupId + ".dump")
                .param("requestedBy", requestedBy)
                .update();
    }

    public void markRunning(UUID id) {
        jdbc.sql("""
                update provisioning.backups set status = 'RUNNING', started_at = now(), finished_at = null, error = null,
                    size_bytes = null, sha256 = null
                where id = :id and status in ('QUEUED', 'RUNNING', 'FAILED')""")
                .param("id", id)
                .update();
    }

    /** SUCCEEDED: only once the whole dump is in the store, with its size and checksum. */
    public void markSucceeded(UUID id, long sizeBytes, String sha256, String schemaVersion, Map<String, Long> rowCounts) {
        jdbc.sql("""
                update provisioning.backups set status = 'SUCCEEDED', size_bytes = :size, sha256 = :sha256,
                    schema_version = :version, row_counts = cast(:rowCounts as jsonb), finished_at = now(), error = null
                where id = :id and status = 'RUNNING'""")
                .param("id", id)
                .param("size", sizeBytes)
                .param("sha256", sha256)
                .param("version", schemaVersion)
                .param("rowCounts", JSON.writeValueAsString(rowCounts))
                .update();
    }

    public void markFailed(UUID id, String error) {
        jdbc.sql("""
                update provisioning.backups set status = 'FAILED', error = :error, finished_at = now()
                where id = :id and status in ('QUEUED', 'RUNNING')""")
                .param("id", id)
                .param("error", error == null ? "failed" : error.length() > 2000 ? error.substring(0, 2000) : error)
                .update();
    }

    /** A FINAL backup's grace period is over and its file removed: the record says when. */
    public void markPurged(UUID id) {
        jdbc.sql("update provisioning.backups set status = 'PURGED', purged_at = now() where id = :id")
                .param("id", id)
                .update();
    }

    public void markVerified(UUID id) {
        jdbc.sql("update provisioning.backups set verified_at = now() where id = :id").param("id", id).update();
    }

    /** The record itself: retention, and erasure, remove what they prune. */
    public void delete(UUID id) {
        jdbc.sql("delete from provisioning.restores where backup_id = :id").param("id", id).update();
        jdbc.sql("delete from provisioning.backups where id = :id").param("id", id).update();
    }

    // --- reading

    public Optional<Backup> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where id = :id")
                .param("id", id)
                .query(this::backup)
                .optional();
    }

    /** The société's backups, newest first. */
    public List<Backup> ofSociete(UUID societeId, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where societe_id = :societeId"
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("societeId", societeId)
                .param("limit", limit)
                .param("offset", offset)
                .query(this::backup)
                .list();
    }

    public long countOfSociete(UUID societeId) {
        return jdbc.sql("select count(*) from provisioning.backups where societe_id = :societeId")
                .param("societeId", societeId)
                .query(Long.class)
                .single();
    }

    /** Every backup record of the société, whatever its status: what an erasure removes. */
    public List<Backup> allOfSociete(UUID societeId) {
        return ofSociete(societeId, Integer.MAX_VALUE, 0);
    }

    /** The backup a job made of the société, if it made one. */
    public Optional<Backup> ofJob(UUID jobId, UUID societeId) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where job_id = :jobId and societe_id = :societeId")
                .param("jobId", jobId)
                .param("societeId", societeId)
                .query(this::backup)
                .optional();
    }

    public Optional<Backup> latestSucceeded(UUID societeId) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where societe_id = :societeId"
                        + " and status = 'SUCCEEDED' order by finished_at desc, id limit 1")
                .param("societeId", societeId)
                .query(this::backup)
                .optional();
    }

    /** The SCHEDULED and MANUAL backups of every société that retention looks at, newest first per société. */
    public List<Backup> retentionCandidates() {
        // a backup a restore is reading is not pruned under it
        return jdbc.sql("select " + COLUMNS + " from provisioning.backups where trigger in ('SCHEDULED', 'MANUAL')"
                        + " and id not in (select r.backup_id from provisioning.restores r join provisioning.jobs j on j.id = r.job_id"
                        + " where j.status in ('QUEUED', 'RUNNING', 'RETRYING'))"
                        + " order by societe_id, created_at desc, id")
                .query(this::backup)
                .list();
    }

    // --- restores

    public Optional<Restore> restore(UUID jobId) {
        return jdbc.sql("""
                select job_id, backup_id, societe_id, mode, target_database, previous_status
                from provisioning.restores where job_id = :jobId""")
                .param("jobId", jobId)
                .query((rs, row) -> new Restore(rs.getObject("job_id", UUID.class), rs.getObject("backup_id", UUID.class),
                        rs.getObject("societe_id", UUID.class), RestoreMode.valueOf(rs.getString("mode")),
                        rs.getString("target_database"), rs.getString("previous_status")))
                .optional();
    }

    /** The status the société goes back to: written once, by the first attempt that saw it. */
    public void recordPreviousStatus(UUID jobId, String status) {
        jdbc.sql("update provisioning.restores set previous_status = :status where job_id = :jobId and previous_status is null")
                .param("status", status)
                .param("jobId", jobId)
                .update();
    }

    /** An IN_PLACE restore's previous database, set aside, and its job: dropped once that job SUCCEEDED. */
    public record SetAside(UUID restoreJobId, String societeCode, String server, String database, JobStatus jobStatus,
            OffsetDateTime jobFinishedAt) {
    }

    /** Written before the tenant's database is renamed aside, so a set-aside database is always recorded. */
    public void recordSetAside(UUID jobId, String server, String database) {
        jdbc.sql("update provisioning.restores set set_aside_server = :server, set_aside_database = :database where job_id = :jobId")
                .param("server", server)
                .param("database", database)
                .param("jobId", jobId)
                .update();
    }

    /** The database a restore set aside and has not seen dropped yet, with its job's status. */
    public Optional<SetAside> setAsideBy(UUID restoreJobId) {
        return setAside("r.job_id = :key", restoreJobId, null);
    }

    /** The restore that set this database of this server aside and has not seen it dropped yet, with its job's status. */
    public Optional<SetAside> setAsideAs(String server, String database) {
        return setAside("r.set_aside_database = :key and r.set_aside_server = :server", database, server);
    }

    /** The databases the société's restores set aside and have not seen dropped yet. */
    public List<SetAside> setAsideOfSociete(UUID societeId) {
        return setAsides("r.societe_id = :key", societeId, null);
    }

    private Optional<SetAside> setAside(String condition, Object key, String server) {
        return setAsides(condition, key, server).stream().findFirst();
    }

    private List<SetAside> setAsides(String condition, Object key, String server) {
        String select = """
                select r.job_id, j.societe_code, r.set_aside_server, r.set_aside_database, j.status, j.finished_at
                from provisioning.restores r join provisioning.jobs j on j.id = r.job_id
                where r.set_aside_database is not null and r.set_aside_dropped_at is null and %s
                order by r.created_at desc""";
        return jdbc.sql(select.formatted(condition))
                .param("key", key)
                .param("server", server)
                .query((rs, row) -> new SetAside(rs.getObject("job_id", UUID.class), rs.getString("societe_code"),
                        rs.getString("set_aside_server"), rs.getString("set_aside_database"),
                        JobStatus.valueOf(rs.getString("status")), rs.getObject("finished_at", OffsetDateTime.class)))
                .list();
    }

    public void recordSetAsideDropped(UUID restoreJobId) {
        jdbc.sql("update provisioning.restores set set_aside_dropped_at = now() where job_id = :jobId and set_aside_dropped_at is null")
                .param("jobId", restoreJobId)
                .update();
    }

    // --- deleted sociétés

    /**
     * Keeps a destroyed société's row and its users (with their links and settings) for its grace period,
     * read in one statement while they still exist. A retry of the same destroy keeps the first copy (by
     * then its users may be gone); a later destroy of the société, once recovered, replaces it.
     *
     * @return whether the société was there to keep
     */
    public boolean keepDeleted(UUID societeId, UUID finalBackupId, UUID destroyJobId, OffsetDateTime purgeAfter) {
        return jdbc.sql("""
                insert into provisioning.deleted_societes (id, code, nom, database_name, societe, users, final_backup_id,
                    destroy_job_id, purge_after)
                select s.id, s.code, s.nom, s.database_name, to_jsonb(s),
                    coalesce((select jsonb_agg(jsonb_build_object('user', to_jsonb(u), 'link', to_jsonb(su),
                                 'settings', to_jsonb(us), 'notifications', to_jsonb(ns)))
                              from societe_users su join users u on u.id = su.user_id
                              left join user_settings us on us.user_id = u.id
                              left join notification_settings ns on ns.user_id = u.id
                              where su.societe_id = s.id), '[]'::jsonb),
                    :finalBackupId, :destroyJobId, :purgeAfter
                from societes s where s.id = :id
                on conflict (id) do update set code = excluded.code, nom = excluded.nom, database_name = excluded.database_name,
                    societe = excluded.societe, users = excluded.users, final_backup_id = excluded.final_backup_id,
                    destroy_job_id = excluded.destroy_job_id, deleted_at = now(), purge_after = excluded.purge_after,
                    status = 'DELETED', recover_job_id = null, purged_at = null
                where provisioning.deleted_societes.destroy_job_id <> excluded.destroy_job_id""")
                .param("id", societeId)
                .param("finalBackupId", finalBackupId)
                .param("destroyJobId", destroyJobId)
                .param("purgeAfter", purgeAfter)
                .update() == 1;
    }

    /** The kept société recorded again, PROVISIONING, under {@code code} and its database name: what a recovery provisions. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordSocieteAgain(DeletedSociete deleted, String code, String databaseName) {
        jdbc.sql("""
                insert into societes
                select (jsonb_populate_record(null::societes, cast(:societe as jsonb) || jsonb_build_object('code', :code,
                    'database_name', :databaseName, 'status', 'PROVISIONING', 'date_activation', null, 'updated_at', now(),
                    'schema_status', 'CURRENT'))).*""")
                .param("societe", deleted.societe())
                .param("code", code)
                .param("databaseName", databaseName)
                .update();
    }

    /**
     * The kept société's users back, with their settings and their links to it; a user who still
     * exists (linked to another société meanwhile) is linked again as is.
     */
    public void restoreUsers(DeletedSociete deleted) {
        String users = deleted.users();
        jdbc.sql("""
                insert into users select (jsonb_populate_record(null::users, e -> 'user')).*
                from jsonb_array_elements(cast(:users as jsonb)) e on conflict do nothing""")
                .param("users", users).update();
        for (String table : List.of("user_settings", "notification_settings")) {
            String key = table.equals("user_settings") ? "settings" : "notifications";
            // table names from the list above, never from input
            jdbc.sql("insert into " + table + " select (jsonb_populate_record(null::" + table + ", e -> '" + key + "')).*"
                    + " from jsonb_array_elements(cast(:users as jsonb)) e where jsonb_typeof(e -> '" + key + "') = 'object'"
                    + " and exists (select 1 from users u where u.id = cast(e -> 'user' ->> 'id' as uuid)) on conflict do nothing")
                    .param("users", users).update();
        }
        jdbc.sql("""
                insert into societe_users
                select (jsonb_populate_record(null::societe_users, (e -> 'link') || jsonb_build_object('societe_id', :societeId))).*
                from jsonb_array_elements(cast(:users as jsonb)) e
                where exists (select 1 from users u where u.id = cast(e -> 'user' ->> 'id' as uuid))
                on conflict do nothing""")
                .param("users", users)
                .param("societeId", deleted.id().toString())
                .update();
    }

    /**
     * Destroyed sociétés that can still be recovered (DELETED) or are being, newest first; one whose
     * destroy has not finished (its row still there) is not listed yet.
     */
    public List<DeletedSociete> recoverable(int limit, long offset) {
        return jdbc.sql("select " + DELETED_COLUMNS + " from provisioning.deleted_societes d"
                        + " where " + RECOVERABLE + " order by deleted_at desc, id limit :limit offset :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(this::deleted)
                .list();
    }

    public long countRecoverable() {
        return jdbc.sql("select count(*) from provisioning.deleted_societes d where " + RECOVERABLE)
                .query(Long.class)
                .single();
    }

    public Optional<DeletedSociete> findDeleted(UUID id) {
        return jdbc.sql("select " + DELETED_COLUMNS + " from provisioning.deleted_societes where id = :id")
                .param("id", id)
                .query(this::deleted)
                .optional();
    }

    /** Kept sociétés whose grace period ended at {@code now}, still DELETED. */
    public List<DeletedSociete> expired(OffsetDateTime now) {
        return jdbc.sql("select " + DELETED_COLUMNS + " from provisioning.deleted_societes"
                        + " where status = 'DELETED' and purge_after <= :now order by purge_after")
                .param("now", now)
                .query(this::deleted)
                .list();
    }

    public void markDeletedStatus(UUID id, String from, String to) {
        jdbc.sql("""
                update provisioning.deleted_societes
                set status = :to, purged_at = case when :to = 'PURGED' then now() else purged_at end,
                    recover_job_id = case when :to = 'DELETED' then null else recover_job_id end
                where id = :id and status = :from""")
                .param("id", id)
                .param("from", from)
                .param("to", to)
                .update();
    }

    /** Erasure: the kept copy of the société goes too. */
    public void forgetDeleted(UUID id) {
        jdbc.sql("delete from provisioning.deleted_societes where id = :id").param("id", id).update();
    }

    private Backup backup(ResultSet rs, int row) throws SQLException {
        String rowCounts = rs.getString("row_counts");
        return new Backup(
                rs.getObject("id", UUID.class),
                rs.getObject("societe_id", UUID.class),
                rs.getString("societe_code"),
                rs.getString("database_name"),
                rs.getObject("job_id", UUID.class),
                BackupTrigger.valueOf(rs.getString("trigger")),
                BackupStatus.valueOf(rs.getString("status")),
                rs.getString("storage_key"),
                rs.getString("schema_version"),
                rs.getObject("size_bytes", Long.class),
                rs.getString("sha256"),
                rowCounts == null ? null : JSON.readValue(rowCounts, ROW_COUNTS),
                rs.getString("error"),
                rs.getString("requested_by"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getObject("verified_at", OffsetDateTime.class));
    }

    private DeletedSociete deleted(ResultSet rs, int row) throws SQLException {
        return new DeletedSociete(
                rs.getObject("id", UUID.class),
                rs.getString("code"),
                rs.getString("nom"),
                rs.getString("database_name"),
                rs.getString("societe"),
                rs.getString("users"),
                rs.getObject("final_backup_id", UUID.class),
                rs.getObject("destroy_job_id", UUID.class),
                rs.getObject("deleted_at", OffsetDateTime.class),
                rs.getObject("purge_after", OffsetDateTime.class),
                rs.getString("status"),
                rs.getObject("recover_job_id", UUID.class),
                rs.getObject("purged_at", OffsetDateTime.class));
    }
}
