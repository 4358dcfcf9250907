package com.topsteel.provisioning.worker.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.jobs.JobMetrics;
import com.topsteel.provisioning.jobs.RunTraces;

import io.micrometer.tracing.Span;

/**
 * Runs one attempt of a {@link Saga}'s steps in order, recording each in the {@link SagaJournal}.
 * <ul>
 * <li>A run that finished, or was replaced by another, does nothing (the journal refuses to start it).</li>
 * <li>A step already SUCCEEDED in the journal (an earlier attempt, a crashed worker) is not run again.</li>
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

    private final SagaJournal journal;
    private final RetryPolicy retryPolicy;
    private final StepFaults faults;
    private final JobMetrics metrics;
    private final RunTraces traces;
    private final Clock clock;

    SagaRunner(SagaJournal journal, RetryPolicy retryPolicy, StepFaults faults, JobMetrics metrics, RunTraces traces,
            Clock clock) {
        this.journal = journal;
        this.retryPolicy = retryPolicy;
        this.faults = faults;
        this.metrics = metrics;
        this.traces = traces;
        this.clock = clock;
    }

    public SagaOutcome run(Saga saga, JobContext job) {
        if (!journal.startAttempt(job.jobId(), job.runId())) {
            log.info("Job {} société {}: run {} finished or replaced; nothing to do", job.jobId(), code(job), job.runId());
            return new SagaOutcome.AlreadyFinished();
        }
        log.info("Job {} société {}: run {} started", job.jobId(), code(job), job.runId());
        List<AutoCloseable> prepared = prepareStepsToRun(saga, job);
        try {
            return runSteps(saga, job);
        } finally {
            prepared.forEach(SagaRunner::release);
        }
    }

    private SagaOutcome runSteps(Saga saga, JobContext job) {
        Deque<Saga.Step> ran = new ArrayDeque<>();
        for (int position = 0; position < saga.steps().size(); position++) {
            Saga.Step step = saga.steps().get(position);
            ran.push(step);
            if (journal.hasSucceeded(job.jobId(), step.name())) {
                log.info("Job {} société {}: step {} already done, skipping", job.jobId(), code(job), step.name());
                continue;
            }
            int attempt = journal.stepStarted(job.jobId(), position, step.name());
            long start = System.nanoTime();
            Span span = stepSpan("step " + step.name(), job, step).tag("provisioning.step.attempt", attempt);
            try (var stepName = MDC.putCloseable("step", step.name()); var traced = traces.inScope(span)) {
                log.info("Job {} société {}: step {} started (attempt {})", job.jobId(), code(job), step.name(), attempt);
                faults.beforeExecute(job, step.name());
                step.action().run(job);
                journal.stepSucceeded(job.jobId(), step.name());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                metrics.step(saga.type(), step.name(), JobMetrics.SUCCEEDED, took);
                log.info("Job {} société {}: step {} succeeded in {} ms", job.jobId(), code(job), step.name(),
                        took.toMillis());
            } catch (RuntimeException failure) {
                metrics.step(saga.type(), step.name(), JobMetrics.FAILED, Duration.ofNanos(System.nanoTime() - start));
                span.error(failure);
                return onStepFailure(saga, job, step, attempt, failure, ran);
            } finally {
                span.end();
            }
        }
        journal.succeeded(job.jobId(), saga.successMessage(job));
        log.info("Job {} société {} SUCCEEDED", job.jobId(), code(job));
        return new SagaOutcome.Succeeded();
    }

    private SagaOutcome onStepFailure(Saga saga, JobContext job, Saga.Step step, int attempt, RuntimeException failure,
            Deque<Saga.Step> ran) {
        String error = StepFailures.describe(failure);
        journal.stepFailed(job.jobId(), step.name(), error);
        boolean transientFailure = StepFailures.isTransient(failure);
        if (transientFailure && retryPolicy.allowsAttemptAfter(attempt)) {
            Instant nextAttemptAt = clock.instant().plus(retryPolicy.delayAfter(attempt, ThreadLocalRandom.current()::nextDouble));
            journal.retryingAt(job.jobId(), nextAttemptAt, error);
            log.warn("Job {} société {}: step {} failed transiently (attempt {} of {}), next attempt at {}: {}",
                    job.jobId(), code(job), step.name(), attempt, retryPolicy.maxAttempts(), nextAttemptAt, error);
            return new SagaOutcome.RetryAt(nextAttemptAt);
        }
        String cause = transientFailure ? "gave up after " + attempt + " attempts: " + error : error;
        log.error("Job {} société {}: step {} failed: {}", job.jobId(), code(job), step.name(), cause, failure);
        String compensationError = compensate(job, ran);
        journal.failed(job.jobId(), saga.failureMessage(job, step.name()),
                compensationError == null ? cause : cause + "; rollback incomplete: " + compensationError);
        log.warn("Job {} société {} FAILED at step {}; rollback {}", job.jobId(), code(job), step.name(),
                compensationError == null ? "complete" : "incomplete");
        return new SagaOutcome.Failed(cause, compensationError == null);
    }

    /** Undoes newest first; stops at the first undo that fails and returns its error, or null. */
    private String compensate(JobContext job, Deque<Saga.Step> ran) {
        for (Saga.Step step : ran) {
            Span span = stepSpan("compensate " + step.name(), job, step);
            try (var stepName = MDC.putCloseable("step", step.name()); var traced = traces.inScope(span)) {
                journal.compensating(job.jobId(), step.name());
                log.info("Job {} société {}: compensating step {}", job.jobId(), code(job), step.name());
                faults.beforeCompensate(job, step.name());
                step.compensate(job);
                journal.compensated(job.jobId(), step.name());
            } catch (RuntimeException failure) {
                span.error(failure);
                String error = StepFailures.describe(failure);
                journal.compensationFailed(job.jobId(), step.name(), error);
                log.error("Job {} société {}: compensation of step {} failed, older steps left as they are: {}",
                        job.jobId(), code(job), step.name(), error, failure);
                return step.name() + ": " + error;
            } finally {
                span.end();
            }
        }
        return null;
    }

    /** A span for one step attempt or one undo, under the attempt's, named by what it does and to what. */
    private Span stepSpan(String name, JobContext job, Saga.Step step) {
        Span span = traces.startInCurrentTraceOr(null, name)
                .tag("provisioning.step", step.name())
                .tag("provisioning.job.id", job.jobId().toString())
                .tag("provisioning.job.type", job.type().name());
        if (job.tenant() != null) {
            span.tag("provisioning.societe.code", job.tenant().code());
        }
        return span;
    }

    /** Starts the preparations of the steps this attempt will run, never of those already done. */
    private List<AutoCloseable> prepareStepsToRun(Saga saga, JobContext job) {
        List<AutoCloseable> prepared = new ArrayList<>();
        for (Saga.Step step : saga.steps()) {
            if (step.preparation() != null && !journal.hasSucceeded(job.jobId(), step.name())) {
                prepared.add(step.preparation().prepare(job));
            }
        }
        return prepared;
    }

    private static void release(AutoCloseable prepared) {
        try {
            prepared.close();
        } catch (Exception e) {
            log.warn("Releasing what a step prepared failed: {}", e.toString());
        }
    }

    private static String code(JobContext job) {
        return job.tenant() == null ? "-" : job.tenant().code();
    }
}
