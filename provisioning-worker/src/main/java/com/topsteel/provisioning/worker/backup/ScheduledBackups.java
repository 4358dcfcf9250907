package com.topsteel.provisioning.worker.backup;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.backup.Backups;

/**
 * Two JobRunr recurring jobs, one for all workers (JobRunr keeps them by id): the nightly backups
 * ({@code provisioning.backups.cron}, default 02:00 Europe/Paris) ask for a BACKUP_FLEET job, the
 * drills ({@code .drill-cron}) for a DRILL_RESTORES job, as an operator would. How many at a time, how
 * many kept and how many drilled are arguments of the recurring job, set by the worker that scheduled
 * it: whichever worker runs it, its own settings do not change them.
 */
@Component
public class ScheduledBackups {

    static final String BACKUPS_JOB_ID = "backup-fleet";
    static final String DRILLS_JOB_ID = "drill-restores";
    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);

    private final JobScheduler scheduler;
    private final Backups backups;
    private final TransactionTemplate transaction;
    private final BackupSettings settings;

    ScheduledBackups(JobScheduler scheduler, Backups backups, TransactionTemplate transaction, BackupSettings settings) {
        this.scheduler = scheduler;
        this.backups = backups;
        this.transaction = transaction;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        if (settings.scheduled()) {
            int parallelism = settings.parallelism();
            int keepDaily = settings.keepDaily();
            int keepWeekly = settings.keepWeekly();
            scheduler.<ScheduledBackups>scheduleRecurrently(BACKUPS_JOB_ID, settings.cron(), settings.zone(),
                    scheduled -> scheduled.requestBackups(parallelism, keepDaily, keepWeekly));
            log.info("Scheduled backups at '{}' ({}), {} at a time, keeping {} daily and {} weekly", settings.cron(),
                    settings.zone(), parallelism, keepDaily, keepWeekly);
        } else {
            scheduler.deleteRecurringJob(BACKUPS_JOB_ID);
        }
        if (settings.drills()) {
            int sample = settings.drillSample();
            scheduler.<ScheduledBackups>scheduleRecurrently(DRILLS_JOB_ID, settings.drillCron(), settings.zone(),
                    scheduled -> scheduled.requestDrill(sample));
            log.info("Restore drills at '{}' ({}), {} sociétés each", settings.drillCron(), settings.zone(), sample);
        } else {
            scheduler.deleteRecurringJob(DRILLS_JOB_ID);
        }
    }

    @Job(name = "Back up every ACTIVE société")
    public void requestBackups(int parallelism, int keepDaily, int keepWeekly) {
        request(JobType.BACKUP_FLEET, FleetBackups.payload(parallelism, keepDaily, keepWeekly));
    }

    @Job(name = "Restore drill")
    public void requestDrill(int sample) {
        request(JobType.DRILL_RESTORES, RestoreDrills.payload(sample));
    }

    private void request(JobType type, String payload) {
        try {
            var job = transaction.execute(status -> backups.requestFleetJob(type, payload, "schedule"));
            log.info("Scheduled {}: job {}", type, job.id());
        } catch (JobConflictException alreadyRunning) {
            log.info("Scheduled {} not asked for: {}", type, alreadyRunning.getMessage());
        }
    }
}
