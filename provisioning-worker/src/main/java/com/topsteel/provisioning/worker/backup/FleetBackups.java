package com.topsteel.provisioning.worker.backup;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.backup.DeletedSociete;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of a BACKUP_FLEET job, the nightly run: every ACTIVE société backed up, a few at a time;
 * retention applied; FINAL backups past their grace period purged. How many at a time and how many
 * to keep are the job's own arguments, set by the schedule that asked for it.
 */
@Component
public class FleetBackups {

    private static final Logger log = LoggerFactory.getLogger(FleetBackups.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TenantBackups tenantBackups;
    private final Backups backups;
    private final JdbcClient auth;
    private final BackupSettings settings;
    private final Clock clock;

    FleetBackups(TenantBackups tenantBackups, Backups backups, JdbcClient auth, BackupSettings settings, Clock clock) {
        this.tenantBackups = tenantBackups;
        this.backups = backups;
        this.auth = auth;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a BACKUP_FLEET job is accepted with. */
    static String payload(int parallelism, int keepDaily, int keepWeekly) {
        return "{\"parallelism\": " + parallelism + ", \"keepDaily\": " + keepDaily + ", \"keepWeekly\": " + keepWeekly + "}";
    }

    /** Each ACTIVE société's SCHEDULED backup; one failing does not stop the others, and fails the step at the end. */
    public void backUpActiveSocietes(JobContext job) {
        int parallelism = argument(job, "parallelism", settings.parallelism());
        List<TenantRef> active = auth.sql("""
                select id, code, nom, database_name from societes where status = 'ACTIVE' order by lower(code)""")
                .query((rs, row) -> new TenantRef(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("nom"),
                        rs.getString("database_name")))
                .list();
        ExecutorService dumps = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, 32)));
        Map<String, String> failures = new LinkedHashMap<>();
        AtomicInteger succeeded = new AtomicInteger();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (TenantRef tenant : active) {
                running.add(dumps.submit(() -> {
                    try (var logContext = JobLogContext.of(job.jobId(), job.type(), tenant.code())) {
                        tenantBackups.takeScheduled(job.jobId(), tenant);
                        succeeded.incrementAndGet();
                    } catch (RuntimeException failed) {
                        synchronized (failures) {
                            failures.put(tenant.code(), failed.getMessage());
                        }
                    }
                }));
            }
            for (Future<?> backup : running) {
                backup.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            dumps.shutdownNow();
        }
        log.info("Scheduled backups: {} of {} ACTIVE sociétés backed up, {} failed", succeeded.get(), active.size(), failures.size());
        if (!failures.isEmpty()) {
            throw new PermanentStepFailure(failures.size() + " of " + active.size() + " backups failed: " + failures);
        }
    }

    /** Retention over the SCHEDULED and MANUAL backups of every société; FAILED records older than the daily window go too. */
    public void applyRetention(JobContext job) {
        Retention retention = new Retention(argument(job, "keepDaily", settings.keepDaily()),
                argument(job, "keepWeekly", settings.keepWeekly()), settings.zone());
        Instant now = clock.instant();
        Map<UUID, List<Retention.Candidate<Backup>>> perSociete = new LinkedHashMap<>();
        List<Backup> failedLongAgo = new ArrayList<>();
        for (Backup backup : backups.retentionCandidates()) {
            if (backup.status() == BackupStatus.SUCCEEDED) {
                perSociete.computeIfAbsent(backup.societeId(), id -> new ArrayList<>())
                        .add(new Retention.Candidate<>(backup, backup.createdAt().toInstant()));
            } else if (backup.status() == BackupStatus.FAILED
                    && backup.createdAt().toInstant().isBefore(now.minus(java.time.Duration.ofDays(retention.keepDaily())))) {
                failedLongAgo.add(backup);
            }
        }
        int pruned = 0;
        for (List<Retention.Candidate<Backup>> backupsOfSociete : perSociete.values()) {
            for (Backup backup : retention.toPrune(backupsOfSociete, now)) {
                tenantBackups.deleteObject(backup);
                backups.delete(backup.id());
                pruned++;
            }
        }
        for (Backup failed : failedLongAgo) {
            tenantBackups.deleteObject(failed);
            backups.delete(failed.id());
        }
        int partials = tenantBackups.removeAbandonedPartials();
        log.info("Retention ({} daily, {} weekly): {} backups pruned, {} failed records removed, {} abandoned partial files",
                retention.keepDaily(), retention.keepWeekly(), pruned, failedLongAgo.size(), partials);
    }

    /** FINAL backups whose grace period is over: removed from the store, the record PURGED, the société no longer recoverable. */
    public void purgeExpiredFinalBackups(JobContext job) {
        for (DeletedSociete expired : backups.expired(OffsetDateTime.now(clock))) {
            if (expired.finalBackupId() != null) {
                backups.find(expired.finalBackupId()).ifPresent(backup -> {
                    tenantBackups.deleteObject(backup);
                    backups.markPurged(backup.id());
                });
            }
            backups.markDeletedStatus(expired.id(), "DELETED", "PURGED");
            log.info("Société {} purged: its grace period ended at {}, its FINAL backup is removed", expired.code(),
                    expired.purgeAfter());
        }
    }

    private static int argument(JobContext job, String name, int fallback) {
        if (job.payload() == null) {
            return fallback;
        }
        JsonNode value = JSON.readTree(job.payload()).path(name);
        return value.isInt() ? value.intValue() : fallback;
    }
}
