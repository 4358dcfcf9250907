package com.topsteel.provisioning.worker.backup;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.backup.DeletedSociete;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of a RECOVER_TENANT job of their own: the kept société released if the recovery fails,
 * its FINAL backup checked and restored into a new database of the job's, its users put back.
 */
@Component
public class TenantRecoveries {

    private static final Logger log = LoggerFactory.getLogger(TenantRecoveries.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Backups backups;
    private final TenantDumps dumps;
    private final TenantDatabases databases;

    TenantRecoveries(Backups backups, TenantDumps dumps, TenantDatabases databases) {
        this.backups = backups;
        this.dumps = dumps;
        this.databases = databases;
    }

    /** Undoes the gateway's claim: the société row it recorded again is removed, the kept société DELETED again. */
    public void releaseKeptSociete(JobContext job) {
        backups.markDeletedStatus(deletedOf(job).id(), "RECOVERING", "DELETED");
    }

    public void verifyFinalBackup(JobContext job) {
        dumps.verify(finalBackupOf(job));
    }

    /** A new, empty database of the job's with the FINAL backup restored into it; a half-restored one from a crash is made again. */
    public void restoreDatabase(JobContext job) {
        String database = job.tenant().databaseName();
        PostgresServer server = databases.serverOf(job);
        databases.dropIfCreatedBy(server, database, job.jobId());
        databases.createEmpty(server, database, job.jobId());
        dumps.restoreInto(finalBackupOf(job), server, database);
        log.info("Société {} database {} restored on server {} from FINAL backup {}", job.tenant().code(), database,
                server.name(), finalBackupOf(job).id());
    }

    public void dropDatabase(JobContext job) {
        databases.dropIfCreatedBy(databases.serverOf(job), job.tenant().databaseName(), job.jobId());
    }

    public void restoreUsers(JobContext job) {
        backups.restoreUsers(deletedOf(job));
    }

    public void markRecovered(JobContext job) {
        backups.markDeletedStatus(deletedOf(job).id(), "RECOVERING", "RECOVERED");
    }

    private DeletedSociete deletedOf(JobContext job) {
        UUID id = UUID.fromString(JSON.readTree(job.payload()).path("deletedSocieteId").asString());
        return backups.findDeleted(id).orElseThrow(() -> new PermanentStepFailure("no kept société " + id));
    }

    private Backup finalBackupOf(JobContext job) {
        DeletedSociete deleted = deletedOf(job);
        return backups.find(deleted.finalBackupId()).filter(backup -> backup.status() == BackupStatus.SUCCEEDED)
                .orElseThrow(() -> new PermanentStepFailure("société " + deleted.code() + " has no FINAL backup left"));
    }
}
