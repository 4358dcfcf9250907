package com.topsteel.provisioning.worker.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;

/**
 * Runs a saga's steps in order, recording each in the step log.
 * <ul>
 * <li>A step already SUCCEEDED in the log (an earlier attempt, a crashed worker) is not run again.</li>
 * <li>A transient failure with attempts left ends this attempt: the job turns RETRYING with the
 * time of its next attempt, which the caller schedules.</li>
 * <li>A permanent failure, or the last attempt failing, compensates the steps that ran — the
 * failing one included, as it may have half-run — newest first, and the job ends FAILED.
 * Compensation stops at the first undo that fails, so what is left (the société row at least)
 * stays for an operator's destroy; the failure is recorded on the job, never only logged.</li>
 * </ul>
 */
@Component
public class SagaRunner {

    private static final Logger log = LoggerFactory.getLogger(SagaRunner.class);

    private final JobRecords jobs;
    private final StepLog stepLog;
    private final RetryPolicy retryPolicy;
    private final StepFaults faults;
    private final JobMetrics metrics;
    private final Clock clock;

    SagaRunner(JobRecords jobs, StepLog stepLog, RetryPolicy retryPolicy, StepFaults faults, JobMetrics metrics,
            Clock clock) {
        this.jobs = jobs;
        this.stepLog = stepLog;
        this.retryPolicy = retryPolicy;
        this.faults = faults;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param type           the kind of job the steps make up, for the step meters
     * @param runId          the run this attempt belongs to; a stale run does nothing
     * @param successMessage the job's message when every step succeeded
     * @param failureMessage the job's message after compensation, given the failed step's name
     */
    public SagaOutcome run(JobType type, JobContext job, UUID runId, List<SagaStep> steps, String successMessage,
            Function<String, String> failureMessage) {
        if (!jobs.start(job.jobId(), runId)) {
            log.info("Job {} société {}: run {} finished or replaced; nothing to do", job.jobId(), job.societeCode(), runId);
            return new SagaOutcome.AlreadyFinished();
        }
        log.info("Job {} société {}: run {} started", job.jobId(), job.societeCode(), runId);
        Deque<SagaStep> ran = new ArrayDeque<>();
        for (int position = 0; position < steps.size(); position++) {
            SagaStep step = steps.get(position);
            ran.push(step);
            if (stepLog.hasSucceeded(job.jobId(), step.name())) {
                log.info("Job {} société {}: step {} already done, skipping", job.jobId(), job.societeCode(), step.name());
                continue;
            }
            int attempt = stepLog.started(job.jobId(), position, step.name());
            long start = System.nanoTime();
            try (var stepName = MDC.putCloseable("step", step.name())) {
                log.info("Job {} société {}: step {} started (attempt {})", job.jobId(), job.societeCode(), step.name(), attempt);
                faults.beforeExecute(job, step.name());
                step.execute(job);
                stepLog.succeeded(job.jobId(), step.name());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                metrics.step(type, step.name(), JobMetrics.SUCCEEDED, took);
                log.info("Job {} société {}: step {} succeeded in {} ms", job.jobId(), job.societeCode(), step.name(),
                        took.toMillis());
            } catch (RuntimeException failure) {
                metrics.step(type, step.name(), JobMetrics.FAILED, Duration.ofNanos(System.nanoTime() - start));
                return onStepFailure(job, step, attempt, failure, ran, failureMessage);
            }
        }
        jobs.succeed(job.jobId(), successMessage);
        log.info("Job {} société {} SUCCEEDED", job.jobId(), job.societeCode());
        return new SagaOutcome.Succeeded();
    }

    private SagaOutcome onStepFailure(JobContext job, SagaStep step, int attempt, RuntimeException failure,
            Deque<SagaStep> ran, Function<String, String> failureMessage) {
        String error = describe(failure);
        stepLog.failed(job.jobId(), step.name(), error);
        boolean transientFailure = StepFailures.isTransient(failure);
        if (transientFailure && retryPolicy.allowsAttemptAfter(attempt)) {
            Instant nextAttemptAt = clock.instant().plus(retryPolicy.delayAfter(attempt, ThreadLocalRandom.current()::nextDouble));
            jobs.retrying(job.jobId(), nextAttemptAt, error);
            log.warn("Job {} société {}: step {} failed transiently (attempt {} of {}), next attempt at {}: {}",
                    job.jobId(), job.societeCode(), step.name(), attempt, retryPolicy.maxAttempts(), nextAttemptAt, error);
            return new SagaOutcome.RetryAt(nextAttemptAt);
        }
        String cause = transientFailure ? "gave up after " + attempt + " attempts: " + error : error;
        log.error("Job {} société {}: step {} failed: {}", job.jobId(), job.societeCode(), step.name(), cause, failure);
        String compensationError = compensate(job, ran);
        jobs.fail(job.jobId(), failureMessage.apply(step.name()),
                compensationError == null ? cause : cause + "; rollback incomplete: " + compensationError);
        log.warn("Job {} société {} FAILED at step {}; rollback {}", job.jobId(), job.societeCode(), step.name(),
                compensationError == null ? "complete" : "incomplete");
        return new SagaOutcome.Failed(cause, compensationError == null);
    }

    /** Undoes newest first; stops at the first undo that fails and returns its error, or null. */
    private String compensate(JobContext job, Deque<SagaStep> ran) {
        for (SagaStep step : ran) {
            try (var stepName = MDC.putCloseable("step", step.name())) {
                stepLog.compensating(job.jobId(), step.name());
                log.info("Job {} société {}: compensating step {}", job.jobId(), job.societeCode(), step.name());
                faults.beforeCompensate(job, step.name());
                step.compensate(job);
                stepLog.compensated(job.jobId(), step.name());
            } catch (RuntimeException failure) {
                String error = describe(failure);
                stepLog.compensationFailed(job.jobId(), step.name(), error);
                log.error("Job {} société {}: compensation of step {} failed, older steps left as they are: {}",
                        job.jobId(), job.societeCode(), step.name(), error, failure);
                return step.name() + ": " + error;
            }
        }
        return null;
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? outer : outer + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
