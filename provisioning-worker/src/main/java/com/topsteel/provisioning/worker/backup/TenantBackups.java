package com.topsteel.provisioning.worker.backup;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.BackupTrigger;
import com.topsteel.provisioning.infrastructure.backups.BackupStore;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * Taking a backup: the record RUNNING, the dump streamed into the store, the record SUCCEEDED with
 * its size, checksum, schema version and row counts. A failed dump leaves a FAILED record and no
 * object; a worker dying mid-dump leaves a RUNNING record and at most a partial file no key names,
 * and the job's next attempt dumps again.
 */
@Component
public class TenantBackups {

    private static final Logger log = LoggerFactory.getLogger(TenantBackups.class);

    private final Backups backups;
    private final TenantDumps dumps;
    private final BackupStore store;
    private final TenantDatabases databases;
    private final BackupMetrics metrics;

    TenantBackups(Backups backups, TenantDumps dumps, BackupStore store, TenantDatabases databases, BackupMetrics metrics) {
        this.backups = backups;
        this.dumps = dumps;
        this.store = store;
        this.databases = databases;
        this.metrics = metrics;
    }

    /** BACKUP_TENANT's dump, recorded by the gateway when it accepted the job. */
    public void dump(JobContext job) {
        take(backups.recordFor(job.jobId(), job.tenant(), BackupTrigger.MANUAL, null));
    }

    /** Undoes a dump that did not finish: its record FAILED, its object (if any) removed. */
    public void discard(JobContext job) {
        Backup backup = backups.recordFor(job.jobId(), job.tenant(), BackupTrigger.MANUAL, null);
        if (backup.status() != BackupStatus.SUCCEEDED) {
            backups.markFailed(backup.id(), "job " + job.jobId() + " failed");
            deleteObject(backup);
        }
    }

    /**
     * A destroy's FINAL backup; its failure fails the destroy before anything is changed. A société whose
     * database is already gone (DEGRADED) has nothing to back up.
     *
     * @return the backup, or null when there was no database
     */
    public Backup takeFinal(JobContext job) {
        PostgresServer server = databases.serverOf(job);
        if (!databases.exists(server, job.tenant().databaseName())) {
            log.warn("No FINAL backup of société {}: its database {} does not exist on server {}", job.tenant().code(),
                    job.tenant().databaseName(), server.name());
            return null;
        }
        return take(backups.recordFor(job.jobId(), job.tenant(), BackupTrigger.FINAL, null));
    }

    /** One société's scheduled backup, within a BACKUP_FLEET job. */
    Backup takeScheduled(UUID fleetJobId, TenantRef tenant) {
        return take(backups.recordFor(fleetJobId, tenant, BackupTrigger.SCHEDULED, "schedule"));
    }

    /** One société's backup before an upgrade campaign migrates it, within the campaign's job (a retry finds it again). */
    public Backup takePreUpgrade(UUID campaignJobId, TenantRef tenant) {
        return take(backups.recordFor(campaignJobId, tenant, BackupTrigger.PRE_UPGRADE, "upgrade campaign"));
    }

    private Backup take(Backup backup) {
        if (backup.status() == BackupStatus.SUCCEEDED) {
            return backup;
        }
        backups.markRunning(backup.id());
        long started = System.nanoTime();
        try {
            // the société's server now: a société moved since the record was made is dumped where it is
            PostgresServer server = databases.serverOfSociete(backup.societeId(), backup.societeCode());
            TenantDumps.Dump dump = dumps.dump(server, backup.databaseName(), backup.storageKey());
            backups.markSucceeded(backup.id(), dump.sizeBytes(), dump.sha256(), dump.schemaVersion(), dump.rowCounts());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.succeeded(took, dump.sizeBytes());
            log.info("Backup {} ({}) of société {} on server {}: {} bytes in {} ms, SHA-256 {}", backup.id(),
                    backup.trigger(), backup.societeCode(), server.name(), dump.sizeBytes(), took.toMillis(), dump.sha256());
        } catch (RuntimeException failed) {
            backups.markFailed(backup.id(), failed.getMessage());
            metrics.failed(backup.trigger().name());
            log.warn("Backup {} ({}) of société {} failed: {}", backup.id(), backup.trigger(), backup.societeCode(),
                    failed.getMessage());
            throw failed;
        }
        return backups.find(backup.id()).orElseThrow();
    }

    /** Partial files of dumps whose worker died a day or more ago: no dump takes that long on its own. */
    int removeAbandonedPartials() {
        try {
            return store.removeAbandonedPartials(Duration.ofDays(1));
        } catch (IOException e) {
            throw new IllegalStateException("sweeping the store's partial files failed: " + e.getMessage(), e);
        }
    }

    void deleteObject(Backup backup) {
        try {
            store.delete(backup.storageKey());
        } catch (IOException e) {
            throw new IllegalStateException("removing " + backup.storageKey() + " from the store failed: " + e.getMessage(), e);
        }
    }
}
