package com.topsteel.provisioning.worker.saga;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a saga's steps in order, recording each in the step log. When a step fails, the steps
 * that ran (the failing one included, as it may have half-run) are compensated in reverse
 * order and the job ends FAILED with the cause; a failed compensation is recorded on the job,
 * never only logged.
 */
@Component
public class SagaRunner {

    private static final Logger log = LoggerFactory.getLogger(SagaRunner.class);

    private final JobRecords jobs;
    private final StepLog stepLog;

    SagaRunner(JobRecords jobs, StepLog stepLog) {
        this.jobs = jobs;
        this.stepLog = stepLog;
    }

    /**
     * @param successMessage the job's message when every step succeeded
     * @param failureMessage the job's message after compensation, given the failed step's name
     */
    public void run(JobContext job, List<SagaStep> steps, String successMessage, Function<String, String> failureMessage) {
        try (var jobId = MDC.putCloseable("jobId", job.jobId().toString());
             var societe = MDC.putCloseable("societeCode", job.societeCode())) {
            if (!jobs.start(job.jobId())) {
                log.info("Job {} for société {} already finished; ignoring the repeated command", job.jobId(), job.societeCode());
                return;
            }
            log.info("Job {} for société {} started", job.jobId(), job.societeCode());
            Deque<SagaStep> toCompensate = new ArrayDeque<>();
            for (int position = 0; position < steps.size(); position++) {
                SagaStep step = steps.get(position);
                toCompensate.push(step);
                if (stepLog.hasSucceeded(job.jobId(), step.name())) {
                    log.info("Job {} société {}: step {} already done, skipping", job.jobId(), job.societeCode(), step.name());
                    continue;
                }
                try {
                    execute(job, position, step);
                } catch (RuntimeException failure) {
                    String error = describe(failure);
                    stepLog.failed(job.jobId(), step.name(), error);
                    log.error("Job {} société {}: step {} failed: {}", job.jobId(), job.societeCode(), step.name(), error, failure);
                    String compensationErrors = compensate(job, toCompensate);
                    String message = failureMessage.apply(step.name());
                    jobs.fail(job.jobId(), message, compensationErrors == null ? error
                            : error + "; compensation incomplete: " + compensationErrors);
                    log.warn("Job {} société {} FAILED at step {}; rollback {}", job.jobId(), job.societeCode(), step.name(),
                            compensationErrors == null ? "complete" : "incomplete");
                    return;
                }
            }
            jobs.succeed(job.jobId(), successMessage);
            log.info("Job {} société {} SUCCEEDED", job.jobId(), job.societeCode());
        }
    }

    private void execute(JobContext job, int position, SagaStep step) {
        try (var stepName = MDC.putCloseable("step", step.name())) {
            int attempt = stepLog.started(job.jobId(), position, step.name());
            long start = System.nanoTime();
            log.info("Job {} société {}: step {} started (attempt {})", job.jobId(), job.societeCode(), step.name(), attempt);
            step.execute(job);
            stepLog.succeeded(job.jobId(), step.name());
            log.info("Job {} société {}: step {} succeeded in {} ms", job.jobId(), job.societeCode(), step.name(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Compensates newest first; returns the errors of the compensations that failed, or null. */
    private String compensate(JobContext job, Deque<SagaStep> steps) {
        StringBuilder errors = new StringBuilder();
        for (SagaStep step : steps) {
            try (var stepName = MDC.putCloseable("step", step.name())) {
                stepLog.compensating(job.jobId(), step.name());
                log.info("Job {} société {}: compensating step {}", job.jobId(), job.societeCode(), step.name());
                step.compensate(job);
                stepLog.compensated(job.jobId(), step.name());
            } catch (RuntimeException failure) {
                String error = describe(failure);
                stepLog.compensationFailed(job.jobId(), step.name(), error);
                log.error("Job {} société {}: compensation of step {} failed: {}", job.jobId(), job.societeCode(),
                        step.name(), error, failure);
                errors.append(errors.isEmpty() ? "" : "; ").append(step.name()).append(": ").append(error);
            }
        }
        return errors.isEmpty() ? null : errors.toString();
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
