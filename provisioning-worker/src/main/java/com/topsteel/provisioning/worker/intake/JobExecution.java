package com.topsteel.provisioning.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.jobrunr.JobRunrException;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.destroy.DestroySaga;
import com.topsteel.provisioning.worker.provision.ProvisioningSaga;
import com.topsteel.provisioning.worker.saga.JobLease;
import com.topsteel.provisioning.worker.saga.JobRecords;
import com.topsteel.provisioning.worker.saga.SagaOutcome;

/**
 * One attempt of a job, as JobRunr runs it: JobRunr keeps it durable (a worker that dies
 * mid-attempt leaves it to another worker) and shows it on its dashboard. Our retry policy
 * decides the next attempt, scheduled here as its own JobRunr job with an id derived from the
 * run and the attempt number.
 */
@Component
public class JobExecution {

    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

    private final JobRecords jobs;
    private final JobLease lease;
    private final ProvisioningSaga provisioning;
    private final DestroySaga destruction;
    private final JobScheduler scheduler;

    JobExecution(JobRecords jobs, JobLease lease, ProvisioningSaga provisioning, DestroySaga destruction,
            JobScheduler scheduler) {
        this.jobs = jobs;
        this.lease = lease;
        this.provisioning = provisioning;
        this.destruction = destruction;
        this.scheduler = scheduler;
    }

    /** Enqueues the first attempt of a run; enqueuing the same run again (a redelivered command) does nothing. */
    void enqueueFirstAttempt(UUID jobId, UUID runId) {
        scheduler.<JobExecution>enqueue(runId, execution -> execution.run(jobId, runId));
    }

    @Job(name = "Job %0 (run %1)")
    public void run(UUID jobId, UUID runId) {
        JobRecords.JobRecord job = jobs.find(jobId).orElse(null);
        if (job == null) {
            log.warn("Job {} does not exist; nothing to run", jobId);
            return;
        }
        Optional<JobLease.Held> held = lease.tryAcquire(jobId);
        if (held.isEmpty()) {
            // another execution of this job is under way; it finishes or schedules what follows
            log.info("Job {} is already being executed elsewhere; this attempt stands down", jobId);
            return;
        }
        try (var exclusive = held.get();
             var id = MDC.putCloseable("jobId", jobId.toString());
             var type = MDC.putCloseable("jobType", job.type().name());
             var societe = MDC.putCloseable("societeCode", job.context().societeCode())) {
            SagaOutcome outcome = switch (job.type()) {
                case PROVISION_TENANT -> provisioning.run(job.context(), runId);
                case DESTROY_TENANT -> destruction.run(job.context(), runId);
            };
            if (outcome instanceof SagaOutcome.RetryAt retry) {
                UUID attemptId = UUID.nameUUIDFromBytes((runId + "/after-attempt/" + (job.attempts() + 1))
                        .getBytes(StandardCharsets.UTF_8));
                scheduler.<JobExecution>schedule(attemptId, retry.nextAttemptAt(), execution -> execution.run(jobId, runId));
            } else if (outcome instanceof SagaOutcome.Failed failed) {
                // FAILED on JobRunr's dashboard too; never retried by JobRunr: it was rolled back
                throw new JobRunrException("Job " + jobId + " failed: " + failed.error(), true);
            }
        }
    }
}
