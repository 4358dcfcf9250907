package com.topsteel.provisioning.worker.quota;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.quota.FleetMeasurements;

/** A JobRunr recurring job, one for all workers, asks for a MEASURE_FLEET job every {@code measure-interval}. */
@Component
public class PeriodicMeasurement {

    static final String RECURRING_JOB_ID = "measure-fleet";
    private static final Logger log = LoggerFactory.getLogger(PeriodicMeasurement.class);

    private final JobScheduler scheduler;
    private final FleetMeasurements measurements;
    private final TransactionTemplate transaction;
    private final QuotaSettings settings;

    PeriodicMeasurement(JobScheduler scheduler, FleetMeasurements measurements, TransactionTemplate transaction,
            QuotaSettings settings) {
        this.scheduler = scheduler;
        this.measurements = measurements;
        this.transaction = transaction;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        if (settings.periodic()) {
            scheduler.<PeriodicMeasurement>scheduleRecurrently(RECURRING_JOB_ID, settings.measureInterval(),
                    PeriodicMeasurement::requestMeasurement);
            log.info("Tenant databases measured every {}", settings.measureInterval());
        } else {
            scheduler.deleteRecurringJob(RECURRING_JOB_ID);
        }
    }

    @Job(name = "Measure the tenant databases")
    public void requestMeasurement() {
        try {
            var job = transaction.execute(status -> measurements.request("schedule"));
            log.info("Scheduled measurement: job {}", job.id());
        } catch (JobConflictException alreadyRunning) {
            log.info("Scheduled measurement not asked for: {}", alreadyRunning.getMessage());
        }
    }
}
