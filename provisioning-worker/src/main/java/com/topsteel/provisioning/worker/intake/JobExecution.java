package com.topsteel.provisioning.worker.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import com.topsteel.provisioning.jobs.JobRuns;
import com.topsteel.provisioning.jobs.RunTraces;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.JobLease;
import com.topsteel.provisioning.worker.saga.Saga;
import com.topsteel.provisioning.worker.saga.SagaOutcome;
import com.topsteel.provisioning.worker.saga.SagaRunner;
import com.topsteel.provisioning.worker.saga.Sagas;

import io.micrometer.tracing.Span;

/**
 * Attempts of a job. The first attempt of a run starts at once, in the thread of the consumer
 * that took its command; every later one — our retry policy's, or a takeover after a worker
 * died — is a JobRunr job, durable and on JobRunr's dashboard. Both go through
 * {@link #attempt}, whose guards make every run execute once, however its commands arrive:
 * <ol>
 * <li><b>The lease</b>: a PostgreSQL advisory lock on the job, held on a session of its own for
 * the whole attempt, so at most one attempt runs at a time; a worker that dies loses its session
 * and the lease with it. A first attempt finding it held stands down (the holder finishes the
 * job); a JobRunr attempt fails, and JobRunr tries it again later.</li>
 * <li><b>The run</b>, read under the lease: the job must still be on this run (an operator's retry
 * starts another) and, for a first attempt, still QUEUED (a command delivered twice finds it started).</li>
 * <li><b>The status guard</b>: the attempt moves the job to RUNNING only from a status
 * {@link JobStatus#reachableFrom()} allows, never from a finished one.</li>
 * <li><b>The step log</b>: steps that already succeeded are skipped; the interrupted one runs again
 * (every step is idempotent).</li>
 * </ol>
 */
@Component
public class JobExecution {

    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

    /** How an attempt came to run, and so what it does when another holds the job. */
    private enum Origin {
        FIRST_ATTEMPT, JOBRUNR
    }

    /** How soon a job this worker cannot run is offered again, to any worker. */
    private static final Duration ANOTHER_WORKER_DELAY = Duration.ofSeconds(3);

    /** A job untouched for this long with no attempt holding it was abandoned, not just accepted. */
    private static final Duration ABANDONED_AFTER = Duration.ofSeconds(10);

    private final JobRuns jobs;
    private final JobLease lease;
    private final Sagas sagas;
    private final SagaRunner runner;
    private final JobScheduler scheduler;
    private final RunTraces traces;

    JobExecution(JobRuns jobs, JobLease lease, Sagas sagas, SagaRunner runner, JobScheduler scheduler, RunTraces traces) {
        this.jobs = jobs;
        this.lease = lease;
        this.sagas = sagas;
        this.runner = runner;
        this.scheduler = scheduler;
        this.traces = traces;
    }

    /** The first attempt of a run, now, in the consumer's thread. */
    void runFirstAttempt(UUID jobId, UUID runId) {
        attempt(jobId, runId, Origin.FIRST_ATTEMPT);
    }

    /**
     * The first attempt of a job that runs long ({@link com.topsteel.provisioning.contracts.JobType#runsLong}),
     * given to JobRunr at once: its message is acknowledged now rather than held for hours, and a
     * worker that dies during it is taken over by JobRunr's own detection of dead servers.
     */
    void handToJobRunr(UUID jobId, UUID runId) {
        scheduler.<JobExecution>enqueue(runId, execution -> execution.run(jobId, runId));
        log.info("Job {} (run {}) runs long: handed to JobRunr", jobId, runId);
    }

    /** An attempt as JobRunr runs it: a retry, or a run handed over after a worker died. */
    @Job(name = "Job %0 (run %1)")
    public void run(UUID jobId, UUID runId) {
        if (attempt(jobId, runId, Origin.JOBRUNR) instanceof SagaOutcome.Failed failed) {
            // FAILED on JobRunr's dashboard too; never retried by JobRunr: it was rolled back
            throw new JobRunrException("Job " + jobId + " failed: " + failed.error(), true);
        }
    }

    /**
     * For a command delivered again: the consumer that had it may have died mid-attempt, and its
     * database session, holding the lease, may outlive it for a moment. So the run is left to
     * JobRunr, whose attempt starts at its next poll; a job waiting for a retry gets that retry
     * scheduled, in case its worker died between recording the retry and scheduling it.
     */
    void takeOver(UUID jobId, UUID runId) {
        var job = jobs.find(jobId).filter(found -> found.runId().equals(runId)).orElse(null);
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
     * Hands a long job's run to JobRunr again when no attempt holds its lease: its worker died
     * mid-attempt (a long job's message was acknowledged when it started, so no redelivery brings
     * it back). Named after the run and its attempts so far, so repeated calls add one attempt at
     * most; an attempt that meets a live one stands down through the lease.
     *
     * @return whether an attempt was handed over
     */
    public boolean resumeIfAbandoned(UUID jobId) {
        var job = jobs.find(jobId).orElse(null);
        if (job == null || job.status().isFinished() || job.status() == JobStatus.RETRYING
                || job.updatedAt().toInstant().isAfter(Instant.now().minus(ABANDONED_AFTER))) {
            return false;
        }
        try (var probe = lease.tryAcquire(jobId).orElse(null)) {
            if (probe == null) {
                return false;
            }
        }
        UUID attemptId = UUID.nameUUIDFromBytes((job.runId() + "/resumed-after-attempt/" + job.attempts())
                .getBytes(StandardCharsets.UTF_8));
        scheduler.<JobExecution>enqueue(attemptId, execution -> execution.run(jobId, job.runId()));
        log.info("Job {} (run {}), {} after {} attempt(s) with no attempt running: handed to JobRunr", jobId,
                job.runId(), job.status(), job.attempts());
        return true;
    }

    /** The one way into an attempt; its guards are listed on this class. Schedules the retry the saga asks for. */
    private SagaOutcome attempt(UUID jobId, UUID runId, Origin origin) {
        Optional<JobLease.Held> held = lease.tryAcquire(jobId);
        if (held.isEmpty()) {
            if (origin == Origin.FIRST_ATTEMPT) {
                log.info("Job {} (run {}) is already being executed elsewhere; this command stands down", jobId, runId);
                return new SagaOutcome.AlreadyFinished();
            }
            // a slow execution, or one in a worker that is stopping: JobRunr tries this attempt
            // again later (its retries back off), and then finds the job finished or free to resume
            throw new IllegalStateException("Job " + jobId + " is being executed elsewhere; this attempt is tried again later");
        }
        try (var exclusive = held.get()) {
            // read under the lease: no other attempt changes the job meanwhile, so the attempt
            // count the next retry is named after is current
            var job = jobs.find(jobId).orElse(null);
            if (job == null) {
                log.warn("Job {} does not exist; nothing to run", jobId);
                return new SagaOutcome.AlreadyFinished();
            }
            if (!job.runId().equals(runId) || (origin == Origin.FIRST_ATTEMPT && job.status() != JobStatus.QUEUED)) {
                log.info("Job {} (run {}) is not waiting for this attempt (now run {}, {}); nothing to do", jobId, runId,
                        job.runId(), job.status());
                return new SagaOutcome.AlreadyFinished();
            }
            JobContext context = JobContext.of(job);
            Saga saga = sagas.of(job.type());
            Optional<String> whyNotHere = saga.whyNotHere(context);
            if (whyNotHere.isPresent()) {
                // not an attempt: JobRunr hands it to whichever worker polls next, until one can run it
                scheduler.<JobExecution>schedule(UUID.randomUUID(), Instant.now().plus(ANOTHER_WORKER_DELAY),
                        execution -> execution.run(jobId, runId));
                log.info("Job {} (run {}) cannot run on this worker ({}); left to another in {} s", jobId, runId,
                        whyNotHere.get(), ANOTHER_WORKER_DELAY.toSeconds());
                return new SagaOutcome.LeftToAnotherWorker(whyNotHere.get());
            }
            Span span = attemptSpan(job, origin);
            try (var logContext = JobLogContext.of(jobId, job.type(), job.tenant() == null ? null : job.tenant().code());
                 var traced = traces.inScope(span)) {
                SagaOutcome outcome = runner.run(saga, context);
                span.tag("provisioning.attempt.outcome", outcome.getClass().getSimpleName());
                if (outcome instanceof SagaOutcome.RetryAt retry) {
                    scheduleRetry(jobId, runId, job.attempts() + 1, retry.nextAttemptAt());
                }
                return outcome;
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        }
    }

    /**
     * The attempt's span: under the consumer's for a first attempt; for a JobRunr attempt — a retry,
     * or a run taken over from a dead worker — in the trace of the request that queued the run,
     * kept on the job, so every attempt of a run is found in one trace.
     */
    private Span attemptSpan(com.topsteel.provisioning.jobs.Job job, Origin origin) {
        Span span = origin == Origin.FIRST_ATTEMPT ? traces.startInCurrentTraceOr(job.traceparent(), "job attempt")
                : traces.startInTrace(job.traceparent(), "job attempt");
        span.tag("provisioning.job.id", job.id().toString())
                .tag("provisioning.job.type", job.type().name())
                .tag("provisioning.run.id", job.runId().toString())
                .tag("provisioning.job.attempt", job.attempts() + 1)
                .tag("provisioning.attempt.origin", origin == Origin.FIRST_ATTEMPT ? "first-attempt"
                        : job.status() == JobStatus.RETRYING ? "retry" : "takeover");
        if (job.tenant() != null) {
            span.tag("provisioning.societe.code", job.tenant().code());
        }
        return span;
    }

    /**
     * Schedules the attempt after attempt number {@code attempt} of the run, under an id derived
     * from both: JobRunr ignores a job whose id it already has, so scheduling it again changes nothing.
     */
    private void scheduleRetry(UUID jobId, UUID runId, int attempt, Instant at) {
        UUID retryId = UUID.nameUUIDFromBytes((runId + "/after-attempt/" + attempt).getBytes(StandardCharsets.UTF_8));
        scheduler.<JobExecution>schedule(retryId, at, execution -> execution.run(jobId, runId));
    }
}
