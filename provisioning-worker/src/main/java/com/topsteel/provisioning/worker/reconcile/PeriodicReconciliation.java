package com.topsteel.provisioning.worker.reconcile;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.reconcile.Reconciliations;

/**
 * {@code provisioning.reconcile.periodic}: a JobRunr recurring job, one for all workers (JobRunr
 * keeps it by id), asks for a RECONCILE_FLEET job every {@code interval}, as an operator would; the
 * job then runs as every job does. Off, the recurring job is removed. Whether it repairs is an
 * argument of the recurring job, set by the worker that scheduled it: any worker may run it, and
 * its own settings must not turn a dry run into repairs.
 */
@Component
public class PeriodicReconciliation {

    static final String RECURRING_JOB_ID = "reconcile-fleet";
    private static final Logger log = LoggerFactory.getLogger(PeriodicReconciliation.class);

    private final JobScheduler scheduler;
    private final Reconciliations reconciliations;
    private final TransactionTemplate transaction;
    private final ReconcileSettings settings;

    PeriodicReconciliation(JobScheduler scheduler, Reconciliations reconciliations, TransactionTemplate transaction,
            ReconcileSettings settings) {
        this.scheduler = scheduler;
        this.reconciliations = reconciliations;
        this.transaction = transaction;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        if (settings.periodic()) {
            boolean dryRun = !settings.applyPeriodically();
            scheduler.<PeriodicReconciliation>scheduleRecurrently(RECURRING_JOB_ID, settings.interval(),
                    periodic -> periodic.requestReconciliation(dryRun));
            log.info("Fleet reconciliation every {} ({})", settings.interval(),
                    settings.applyPeriodically() ? "repairs" : "dry run");
        } else {
            scheduler.deleteRecurringJob(RECURRING_JOB_ID);
        }
    }

    @Job(name = "Reconcile the fleet")
    public void requestReconciliation(boolean dryRun) {
        try {
            var reconciliation = transaction.execute(status -> reconciliations.request(dryRun, "schedule"));
            log.info("Scheduled reconciliation{}: job {}", dryRun ? " (dry run)" : "", reconciliation.jobId());
        } catch (JobConflictException alreadyRunning) {
            log.info("Scheduled reconciliation not asked for: {}", alreadyRunning.getMessage());
        }
    }
}
