package com.topsteel.provisioning.jobs.reconcile;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobRows;

/**
 * What the AUTH records say, as the reconciler compares them with the servers. Work in progress
 * is never drift: every question leaves out the sociétés, databases and users a queued or running
 * job is working on, and every repair is one statement guarded by what was seen, so a record that
 * moved since is left alone.
 */
public class FleetRecords {

    private static final String ACTIVE_JOB = "j.status in ('QUEUED', 'RUNNING', 'RETRYING')";
    private static final String DEFAULT_USER_DOMAIN = ".topsteel.local";

    /** A société as the reconciler saw it; {@code updatedAt} is what a guarded repair expects still. */
    public record SeenSociete(UUID id, String code, SocieteStatus status, String databaseName, String server,
            OffsetDateTime updatedAt) {
    }

    /** A société in a transient status with no job on it, and its newest job if it has one. */
    public record StuckSociete(SeenSociete societe, Optional<Job> newestJob) {
    }

    /** A user linked to no société, whose default-user email names a société that does not exist. */
    public record OrphanUser(UUID id, String email) {
    }

    private final JdbcClient jdbc;

    public FleetRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sociétés that should have a database (settled or DEGRADED) and no job working on them. */
    public List<SeenSociete> expectingDatabase() {
        return jdbc.sql("""
                select s.id, s.code, s.status, s.database_name, s.server, s.updated_at from societes s
                where s.status in ('ACTIVE', 'SUSPENDED', 'INACTIVE', 'TRIAL', 'DEGRADED')
                  and not exists (select 1 from provisioning.jobs j where j.societe_id = s.id and %s)
                order by lower(s.code)""".formatted(ACTIVE_JOB))
                .query((rs, row) -> seen(rs))
                .list();
    }

    /** The société now, if it still has no job working on it. */
    public Optional<SeenSociete> unworked(UUID societeId) {
        return jdbc.sql("""
                select s.id, s.code, s.status, s.database_name, s.server, s.updated_at from societes s where s.id = :id
                  and not exists (select 1 from provisioning.jobs j where j.societe_id = s.id and %s)""".formatted(ACTIVE_JOB))
                .param("id", societeId)
                .query((rs, row) -> seen(rs))
                .optional();
    }

    /** Among {@code databases} of {@code server}, those a société on that server names or a queued or running job works on. */
    public Set<String> claimed(String server, Collection<String> databases) {
        if (databases.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("""
                select s.database_name from societes s where s.database_name in (:names) and s.server = :server
                union
                select j.database_name from provisioning.jobs j where j.database_name in (:names) and %s
                union
                select m.copy_database from provisioning.tenant_moves m join provisioning.jobs j on j.id = m.job_id
                where m.copy_database in (:names) and %s""".formatted(ACTIVE_JOB, ACTIVE_JOB))
                .param("names", databases)
                .param("server", server)
                .query(String.class)
                .set();
    }

    public Optional<Job> job(UUID jobId) {
        return jdbc.sql("select " + JobRows.JOB_COLUMNS + " from provisioning.jobs j where j.id = :id")
                .param("id", jobId)
                .query((rs, row) -> JobRows.job(rs))
                .optional();
    }

    /** PROVISIONING, DELETING or MAINTENANCE, unchanged for {@code after}, with no job queued or running for it. */
    public List<StuckSociete> stuck(Duration after) {
        return jdbc.sql("""
                select s.id, s.code, s.status, s.database_name, s.server, s.updated_at,
                    (select j.id from provisioning.jobs j where j.societe_id = s.id order by j.created_at desc limit 1) as newest_job
                from societes s
                where s.status in ('PROVISIONING', 'DELETING', 'MAINTENANCE')
                  and s.updated_at < now() - make_interval(secs => :seconds)
                  and not exists (select 1 from provisioning.jobs j where j.societe_id = s.id and %s)
                order by lower(s.code)""".formatted(ACTIVE_JOB))
                .param("seconds", after.toMillis() / 1000.0)
                .query((rs, row) -> new Object[] {seen(rs), rs.getObject("newest_job", UUID.class)})
                .list()
                .stream()
                .map(found -> new StuckSociete((SeenSociete) found[0],
                        found[1] == null ? Optional.empty() : job((UUID) found[1])))
                .toList();
    }

    /** RUNNING jobs not updated for {@code after}: candidates; whether an attempt holds each is the lease's to say. */
    public List<Job> runningUnchangedFor(Duration after) {
        return jdbc.sql("select " + JobRows.JOB_COLUMNS + """
                 from provisioning.jobs j
                where j.status = 'RUNNING' and j.updated_at < now() - make_interval(secs => :seconds)
                order by j.updated_at""")
                .param("seconds", after.toMillis() / 1000.0)
                .query((rs, row) -> JobRows.job(rs))
                .list();
    }

    /** Whether an upgrade campaign holds the fleet (running or paused): then a tenant behind is its business. */
    public boolean campaignInProgress() {
        return jdbc.sql("select exists (select 1 from provisioning.upgrade_campaigns where status in ('RUNNING', 'PAUSED'))")
                .query(Boolean.class)
                .single();
    }

    /**
     * Users linked to no société whose email is a default user's ({@code admin@code.topsteel.local})
     * for a code no société and no queued or running job has.
     */
    public List<OrphanUser> orphanUsers() {
        return jdbc.sql("select u.id, u.email from users u where " + ORPHAN_USER + " order by lower(u.email)")
                .query((rs, row) -> new OrphanUser(rs.getObject("id", UUID.class), rs.getString("email")))
                .list();
    }

    /** Removes the user (its settings go with it) if it is still an orphan. */
    public boolean removeOrphanUser(UUID userId) {
        return jdbc.sql("delete from users u where u.id = :id and " + ORPHAN_USER).param("id", userId).update() == 1;
    }

    private static final String ORPHAN_USER = """
            not exists (select 1 from societe_users su where su.user_id = u.id)
            and lower(u.email) like '%%%1$s'
            and not exists (select 1 from societes s
                where lower(u.email) in ('admin@' || lower(s.code) || '%1$s', 'user@' || lower(s.code) || '%1$s'))
            and not exists (select 1 from provisioning.jobs j where j.societe_code is not null and %2$s
                and lower(u.email) in ('admin@' || lower(j.societe_code) || '%1$s', 'user@' || lower(j.societe_code) || '%1$s'))"""
            .formatted(DEFAULT_USER_DOMAIN, ACTIVE_JOB);

    /**
     * DEGRADED, only if the société is as it was seen (same status, not updated since) and no job
     * works on it now.
     */
    public boolean markDegraded(SeenSociete seen) {
        return jdbc.sql("""
                update societes s set status = 'DEGRADED', updated_at = now()
                where s.id = :id and s.status = :status and s.updated_at = :updatedAt
                  and not exists (select 1 from provisioning.jobs j where j.societe_id = s.id and %s)""".formatted(ACTIVE_JOB))
                .param("id", seen.id())
                .param("status", seen.status().name())
                .param("updatedAt", seen.updatedAt())
                .update() == 1;
    }

    /** Whether the job is one this reconciler may requeue for a stuck société: its failed destroy. */
    public static boolean finishesDeletion(SeenSociete societe, Job job) {
        return societe.status() == SocieteStatus.DELETING && job.type() == JobType.DESTROY_TENANT
                && job.status() == JobStatus.FAILED;
    }

    private static SeenSociete seen(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SeenSociete(rs.getObject("id", UUID.class), rs.getString("code"),
                SocieteStatus.valueOf(rs.getString("status")), rs.getString("database_name"), rs.getString("server"),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
