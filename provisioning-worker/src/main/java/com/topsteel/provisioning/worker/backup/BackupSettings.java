package com.topsteel.provisioning.worker.backup;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's side of {@code provisioning.backups} (the store itself: BackupStoreSettings).
 *
 * @param pgDumpPath     {@code pg_dump}: a name looked up on the PATH, or a path
 * @param pgRestorePath  {@code pg_restore}: likewise
 * @param scheduled      back up every ACTIVE société on {@code cron} (a JobRunr recurring job), besides on demand
 * @param cron           when the scheduled backups start (5 fields, in {@code zone})
 * @param zone           the time zone of {@code cron}
 * @param parallelism    dumps at once during a scheduled run
 * @param keepDaily      retention: the newest backup of each of the last N days is kept
 * @param keepWeekly     retention: the newest backup of each of the last M weeks is kept
 * @param finalGrace     how long a destroyed société's FINAL backup is kept, recoverable
 * @param drills         restore drills on {@code drillCron}
 * @param drillCron      when the restore drills run
 * @param drillSample    sociétés whose latest backup each drill restores
 */
@ConfigurationProperties("provisioning.backups")
public record BackupSettings(
        @DefaultValue("pg_dump") String pgDumpPath,
        @DefaultValue("pg_restore") String pgRestorePath,
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("0 2 * * *") String cron,
        @DefaultValue("Europe/Paris") ZoneId zone,
        @DefaultValue("2") int parallelism,
        @DefaultValue("7") int keepDaily,
        @DefaultValue("4") int keepWeekly,
        @DefaultValue("7d") Duration finalGrace,
        @DefaultValue("true") boolean drills,
        @DefaultValue("0 4 * * 0") String drillCron,
        @DefaultValue("3") int drillSample) {

    public BackupSettings {
        if (parallelism < 1 || parallelism > 32) {
            throw new IllegalArgumentException("provisioning.backups.parallelism must be between 1 and 32, was " + parallelism);
        }
        if (keepDaily < 1 || keepWeekly < 0) {
            throw new IllegalArgumentException("provisioning.backups.keep-daily must be at least 1 and keep-weekly at least 0, were "
                    + keepDaily + " and " + keepWeekly);
        }
        if (finalGrace.isNegative()) {
            throw new IllegalArgumentException("provisioning.backups.final-grace cannot be negative, was " + finalGrace);
        }
        for (String expression : new String[] {cron, drillCron}) {
            try {
                new org.jobrunr.scheduling.cron.CronExpression(expression);
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException("provisioning.backups.cron and .drill-cron must be cron expressions, was '"
                        + expression + "': " + invalid.getMessage(), invalid);
            }
        }
        if (drillSample < 1) {
            throw new IllegalArgumentException("provisioning.backups.drill-sample must be at least 1, was " + drillSample);
        }
    }
}
