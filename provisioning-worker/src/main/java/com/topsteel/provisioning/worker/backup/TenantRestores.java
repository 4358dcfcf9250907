package com.topsteel.provisioning.worker.backup;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.RestoreMode;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.backup.Restore;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * The steps of a RESTORE_TENANT job. IN_PLACE: the dump is restored into a scratch database while the
 * société is in MAINTENANCE; the tenant's database is renamed aside and the scratch one takes its
 * name; once the restored database is verified the société leaves MAINTENANCE, and the previous database
 * is dropped after the job ({@link SetAsideDatabases}). Any failure puts the names back and the société's
 * status with them. NEW_DATABASE: restored under the name
 * asked for, beside the tenant's, which stays untouched.
 */
@Component
public class TenantRestores {

    private static final Logger log = LoggerFactory.getLogger(TenantRestores.class);

    private final Backups backups;
    private final TenantDumps dumps;
    private final TenantDatabases databases;
    private final JdbcClient auth;
    private final SetAsideDatabases setAside;
    private final com.topsteel.provisioning.worker.tenantdb.TenantRoles roles;

    TenantRestores(Backups backups, TenantDumps dumps, TenantDatabases databases, JdbcClient auth, SetAsideDatabases setAside,
            com.topsteel.provisioning.worker.tenantdb.TenantRoles roles) {
        this.roles = roles;
        this.backups = backups;
        this.dumps = dumps;
        this.databases = databases;
        this.auth = auth;
        this.setAside = setAside;
    }

    /** The stored dump read whole and compared with its record's checksum: a mismatch fails the job before anything changes. */
    public void verifyBackup(JobContext job) {
        dumps.verify(backupOf(job));
    }

    /** IN_PLACE: MAINTENANCE, the status it had kept to go back to. */
    public void enterMaintenance(JobContext job) {
        Restore restore = restoreOf(job);
        if (restore.mode() != RestoreMode.IN_PLACE) {
            return;
        }
        String status = auth.sql("select status from societes where id = :id").param("id", job.tenant().societeId())
                .query(String.class).optional()
                .orElseThrow(() -> new PermanentStepFailure("société " + job.tenant().code() + " no longer exists"));
        if ("MAINTENANCE".equals(status)) {
            return;
        }
        backups.recordPreviousStatus(job.jobId(), status);
        int changed = auth.sql("""
                update societes set status = 'MAINTENANCE', updated_at = now()
                where id = :id and status in ('ACTIVE', 'INACTIVE', 'SUSPENDED', 'TRIAL', 'DEGRADED')""")
                .param("id", job.tenant().societeId())
                .update();
        if (changed == 0) {
            throw new PermanentStepFailure("société " + job.tenant().code() + " is " + status + ": it cannot be restored now");
        }
        log.info("Société {} in MAINTENANCE for restore job {} (was {})", job.tenant().code(), job.jobId(), status);
    }

    /** Back to the status it had; a DEGRADED one whose database is back is ACTIVE again. */
    public void leaveMaintenance(JobContext job) {
        Restore restore = restoreOf(job);
        if (restore.mode() != RestoreMode.IN_PLACE || restore.previousStatus() == null) {
            return;
        }
        auth.sql("update societes set status = :status, updated_at = now() where id = :id and status = 'MAINTENANCE'")
                .param("status", restore.previousStatus())
                .param("id", job.tenant().societeId())
                .update();
    }

    /**
     * After a verified IN_PLACE restore: its previous status (ACTIVE if it was DEGRADED), its schema version the dump's;
     * the previous database is dropped after the job.
     */
    public void finishMaintenance(JobContext job) {
        Restore restore = restoreOf(job);
        if (restore.mode() != RestoreMode.IN_PLACE) {
            return;
        }
        String status = "DEGRADED".equals(restore.previousStatus()) || restore.previousStatus() == null ? "ACTIVE"
                : restore.previousStatus();
        auth.sql("""
                update societes set status = :status, schema_version = coalesce(:version, schema_version), updated_at = now()
                where id = :id and status = 'MAINTENANCE'""")
                .param("status", status)
                .param("version", backupOf(job).schemaVersion())
                .param("id", job.tenant().societeId())
                .update();
        setAside.dropAfter(job.jobId());
        log.info("Société {} restored from backup {} and {} again", job.tenant().code(), restore.backupId(), status);
    }

    /** The dump restored into a new, empty database of this job's; a half-done one from a crashed attempt is made again. */
    public void restoreIntoNewDatabase(JobContext job) {
        Restore restore = restoreOf(job);
        String target = restore.targetDatabase();
        PostgresServer server = databases.serverOf(job);
        if (restore.mode() == RestoreMode.IN_PLACE && !server.databaseExists(target) && swapped(job, server)) {
            return;
        }
        databases.dropIfCreatedBy(server, target, job.jobId());
        if (server.databaseExists(target)) {
            throw new PermanentStepFailure("database " + target + " already exists and was not created by job " + job.jobId());
        }
        databases.createEmpty(server, target, job.jobId());
        dumps.restoreInto(backupOf(job), server, target);
        if (restore.mode() == RestoreMode.IN_PLACE) {
            // it takes the tenant's place: its owner and who may connect must be the tenant's too
            roles.handOverRestored(server, job.tenant().societeId(), target);
        }
        log.info("Backup {} restored into {} on server {}", restore.backupId(), target, server.name());
    }

    /** Undoes {@link #restoreIntoNewDatabase}: only the database this job created goes. */
    public void dropNewDatabase(JobContext job) {
        databases.dropIfCreatedBy(databases.serverOf(job), restoreOf(job).targetDatabase(), job.jobId());
    }

    /** IN_PLACE: the tenant's database renamed aside (closed to sessions), the restored one given its name. */
    public void swapDatabases(JobContext job) {
        Restore restore = restoreOf(job);
        if (restore.mode() != RestoreMode.IN_PLACE) {
            return;
        }
        String tenant = job.tenant().databaseName();
        String previous = previousName(job, restore);
        PostgresServer postgres = databases.serverOf(job);
        if (!postgres.databaseExists(restore.targetDatabase())) {
            if (swapped(job, postgres)) {
                return;
            }
            throw new PermanentStepFailure("the restored database " + restore.targetDatabase() + " is gone");
        }
        if (postgres.databaseExists(tenant)) {
            if (postgres.databaseExists(previous)) {
                throw new PermanentStepFailure("database " + previous + " already exists: cannot set " + tenant + " aside");
            }
            backups.recordSetAside(job.jobId(), postgres.name(), previous);
            postgres.renameDatabase(tenant, previous, true);
        }
        postgres.renameDatabase(restore.targetDatabase(), tenant, false);
        log.info("Job {}: database {} replaced by the restored one; the previous kept as {}, closed, until the job succeeds",
                job.jobId(), tenant, previous);
    }

    /** Undoes {@link #swapDatabases}: the restored database back to its scratch name, the previous one back to the tenant's. */
    public void swapBack(JobContext job) {
        Restore restore = restoreOf(job);
        if (restore.mode() != RestoreMode.IN_PLACE) {
            return;
        }
        String tenant = job.tenant().databaseName();
        String previous = previousName(job, restore);
        PostgresServer postgres = databases.serverOf(job);
        if (postgres.databaseExists(tenant) && databases.createdBy(postgres, tenant, job.jobId())
                && !postgres.databaseExists(restore.targetDatabase())) {
            postgres.renameDatabase(tenant, restore.targetDatabase(), false);
        }
        if (postgres.databaseExists(previous) && !postgres.databaseExists(tenant)) {
            postgres.renameDatabase(previous, tenant, false);
            log.info("Database {} put back as it was before the restore", tenant);
        }
        // a worker that died between closing the database and renaming it left it closed
        if (postgres.databaseExists(tenant)) {
            postgres.allowConnections(tenant);
        }
    }

    /** The restored database holds what the backup recorded: schema version and rows per table. */
    public void verifyRestore(JobContext job) {
        Restore restore = restoreOf(job);
        String restored = restore.mode() == RestoreMode.IN_PLACE ? job.tenant().databaseName() : restore.targetDatabase();
        Optional<String> differences = dumps.differencesFrom(backupOf(job), databases.serverOf(job), restored);
        if (differences.isPresent()) {
            throw new PermanentStepFailure("the restored database " + restored + " differs from backup " + restore.backupId()
                    + ": " + differences.get());
        }
    }

    /** Whether the tenant's database already is this job's restored one. */
    private boolean swapped(JobContext job, PostgresServer server) {
        return server.databaseExists(job.tenant().databaseName())
                && databases.createdBy(server, job.tenant().databaseName(), job.jobId());
    }

    /** Where the tenant's database waits while the restored one is verified: its scratch name with another ending. */
    static String previousName(JobContext job, Restore restore) {
        return restore.targetDatabase().replace("_restore_", "_previous_");
    }

    private Restore restoreOf(JobContext job) {
        return backups.restore(job.jobId())
                .orElseThrow(() -> new PermanentStepFailure("job " + job.jobId() + " has no restore record"));
    }

    private Backup backupOf(JobContext job) {
        Restore restore = restoreOf(job);
        Backup backup = backups.find(restore.backupId())
                .orElseThrow(() -> new PermanentStepFailure("backup " + restore.backupId() + " no longer exists"));
        if (backup.status() != BackupStatus.SUCCEEDED) {
            throw new PermanentStepFailure("backup " + backup.id() + " is " + backup.status() + ": only a SUCCEEDED one is restored");
        }
        return backup;
    }
}
