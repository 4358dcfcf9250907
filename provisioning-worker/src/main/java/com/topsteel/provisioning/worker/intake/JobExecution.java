package com.topsteel.provisioning.worker.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jobrunr.JobRunrException;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.worker.destroy.DestroySaga;
import com.topsteel.provisioning.worker.provision.ProvisioningSaga;
import com.topsteel.provisioning.worker.saga.JobLease;
import com.topsteel.provisioning.worker.saga.JobRecords;
import com.topsteel.provisioning.worker.saga.SagaOutcome;

/**
 * Attempts of a job. The first attempt of a run starts at once, in the thread of the consumer
 * that took its command; every later attempt (our retry policy's, or a takeover after a worker
 * died) is a JobRunr job, durable and on JobRunr's dashboard. Each attempt holds the job's lease.
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

    /**
     * Runs the first attempt of the run now, unless the job is no longer waiting for it: a
     * repeated command finds it started (its lease held, or its status past QUEUED) and does nothing.
     */
    void runFirstAttempt(UUID jobId, UUID runId) {
        Optional<JobLease.Held> held = lease.tryAcquire(jobId);
        if (held.isEmpty()) {
            log.info("Job {} (run {}) is already being executed elsewhere; this command stands down", jobId, runId);
            return;
        }
        try (var exclusive = held.get()) {
            // read under the lease: no other attempt can start the job meanwhile
            Optional<JobRecords.JobRecord> waiting = jobs.find(jobId)
                    .filter(job -> job.runId().equals(runId) && job.status() == JobStatus.QUEUED);
            if (waiting.isEmpty()) {
                log.info("Job {} (run {}) is not waiting for its first attempt; nothing to do", jobId, runId);
                return;
            }
            attempt(waiting.get(), runId);
        }
    }

    /**
     * For a command delivered again: the consumer that had it may have died mid-attempt, and its
     * database session, holding the lease, may outlive it for a moment. So the run is left to
     * JobRunr, whose attempt starts at its next poll; a job waiting for a retry gets that retry
     * scheduled, in case its worker died between recording the retry and scheduling it.
     */
    void takeOver(UUID jobId, UUID runId) {
        JobRecords.JobRecord job = jobs.find(jobId).filter(found -> found.runId().equals(runId)).orElse(null);
        if (job == null || job.status().isFinished()) {
            log.info("Job {} (run {}) finished or replaced; nothing to take over", jobId, runId);
            return;
        }
        if (job.status() == JobStatus.RETRYING) {
            scheduleRetry(jobId, runId, job.attempts(), Instant.now());
        } else {
            scheduler.<JobExecution>enqueue(runId, execution -> execution.run(jobId, runId));
        }
        log.info("Job {} (run {}), {} after {} attempt(s), handed to JobRunr", jobId, runId, job.status(), job.attempts());
    }

    /**
     * Schedules the attempt after attempt number {@code attempt} of the run, under an id derived
     * from both: JobRunr ignores a job whose id it already has, so scheduling it again changes nothing.
     */
    private void scheduleRetry(UUID jobId, UUID runId, int attempt, Instant at) {
        UUID retryId = UUID.nameUUIDFromBytes((runId + "/after-attempt/" + attempt).getBytes(StandardCharsets.UTF_8));
        scheduler.<JobExecution>schedule(retryId, at, execution -> execution.run(jobId, runId));
    }

    /** An attempt as JobRunr runs it: a retry, or a run handed over after a worker died. */
    @Job(name = "Job %0 (run %1)")
    public void run(UUID jobId, UUID runId) {
        Optional<JobLease.Held> held = lease.tryAcquire(jobId);
        if (held.isEmpty()) {
            // a slow execution, or one in a worker that is stopping: JobRunr tries this attempt
            // again later (its retries back off), and then finds the job finished or free to resume
            throw new IllegalStateException("Job " + jobId + " is being executed elsewhere; this attempt is tried again later");
        }
        try (var exclusive = held.get()) {
            // read under the lease: the attempt count the next retry is named after is current
            JobRecords.JobRecord job = jobs.find(jobId).orElse(null);
            if (job == null) {
                log.warn("Job {} does not exist; nothing to run", jobId);
                return;
            }
            if (attempt(job, runId) instanceof SagaOutcome.Failed failed) {
                // FAILED on JobRunr's dashboard too; never retried by JobRunr: it was rolled back
                throw new JobRunrException("Job " + jobId + " failed: " + failed.error(), true);
            }
        }
    }

    /** One attempt, under the lease the caller holds; schedules the retry the saga asks for. */
    private SagaOutcome attempt(JobRecords.JobRecord job, UUID runId) {
        UUID jobId = job.context().jobId();
        try (var logContext = JobLogContext.of(jobId, job.type(), job.context().societeCode())) {
            SagaOutcome outcome = switch (job.type()) {
                case PROVISION_TENANT -> provisioning.run(job.context(), runId);
                case DESTROY_TENANT -> destruction.run(job.context(), runId);
            };
            if (outcome instanceof SagaOutcome.RetryAt retry) {
                scheduleRetry(jobId, runId, job.attempts() + 1, retry.nextAttemptAt());
            }
            return outcome;
        }
    }
}
