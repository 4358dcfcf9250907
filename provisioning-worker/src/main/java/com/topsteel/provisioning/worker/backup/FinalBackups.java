package com.topsteel.provisioning.worker.backup;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.worker.saga.JobContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a destroy keeps, or erases: its FINAL backup taken first (its failure fails the destroy before
 * anything changed); the société and its users kept beside it for the grace period, recoverable; or,
 * with {@code purge}, every backup of the société removed from the store and the records (erasure).
 */
@Component
public class FinalBackups {

    private static final Logger log = LoggerFactory.getLogger(FinalBackups.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TenantBackups tenantBackups;
    private final Backups backups;
    private final BackupSettings settings;
    private final Clock clock;

    FinalBackups(TenantBackups tenantBackups, Backups backups, BackupSettings settings, Clock clock) {
        this.tenantBackups = tenantBackups;
        this.backups = backups;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the destroy was asked with {@code ?purge=true}: nothing kept. */
    public static boolean purges(JobContext job) {
        return job.payload() != null && JSON.readTree(job.payload()).path("purge").asBoolean(false);
    }

    public void takeFinalBackup(JobContext job) {
        if (purges(job)) {
            log.info("Destroy job {} of société {} purges: no FINAL backup", job.jobId(), job.tenant().code());
            return;
        }
        tenantBackups.takeFinal(job);
    }

    /** The société and its users, kept with the FINAL backup until {@code provisioning.backups.final-grace} has passed. */
    public void keepForRecovery(JobContext job) {
        if (purges(job)) {
            return;
        }
        Backup finalBackup = backups.ofJob(job.jobId(), job.tenant().societeId())
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED)
                .orElse(null);
        if (finalBackup == null) {
            log.warn("Société {} is not kept for recovery: it has no FINAL backup", job.tenant().code());
            return;
        }
        OffsetDateTime purgeAfter = OffsetDateTime.now(clock).plus(settings.finalGrace());
        if (backups.keepDeleted(job.tenant().societeId(), finalBackup.id(), job.jobId(), purgeAfter)) {
            log.info("Société {} kept for recovery until {} with FINAL backup {}", job.tenant().code(), purgeAfter,
                    finalBackup.id());
        }
    }

    /** {@code purge=true}: every backup of the société out of the store and the records, and no copy kept. */
    public void eraseIfPurged(JobContext job) {
        if (!purges(job)) {
            return;
        }
        int erased = 0;
        for (Backup backup : backups.allOfSociete(job.tenant().societeId())) {
            tenantBackups.deleteObject(backup);
            backups.delete(backup.id());
            erased++;
        }
        backups.forgetDeleted(job.tenant().societeId());
        log.info("Société {} erased: {} backups removed from the store and the records", job.tenant().code(), erased);
    }
}
