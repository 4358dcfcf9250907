package com.topsteel.provisioning.worker.saga;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.jobs.JobRuns;
import com.topsteel.provisioning.jobs.StepLog;

/** The journal in the AUTH database: the job's guarded status changes and its step log, through the jobs module. */
@Component
class RecordedJournal implements SagaJournal {

    private final JobRuns runs;
    private final StepLog stepLog;

    RecordedJournal(JobRuns runs, StepLog stepLog) {
        this.runs = runs;
        this.stepLog = stepLog;
    }

    @Override
    public boolean startAttempt(UUID jobId, UUID runId) {
        return runs.start(jobId, runId);
    }

    @Override
    public boolean hasSucceeded(UUID jobId, String step) {
        return stepLog.hasSucceeded(jobId, step);
    }

    @Override
    public int stepStarted(UUID jobId, int position, String step) {
        return stepLog.started(jobId, position, step);
    }

    @Override
    public void stepSucceeded(UUID jobId, String step) {
        stepLog.succeeded(jobId, step);
    }

    @Override
    public void stepFailed(UUID jobId, String step, String error) {
        stepLog.failed(jobId, step, error);
    }

    @Override
    public void compensating(UUID jobId, String step) {
        stepLog.compensating(jobId, step);
    }

    @Override
    public void compensated(UUID jobId, String step) {
        stepLog.compensated(jobId, step);
    }

    @Override
    public void compensationFailed(UUID jobId, String step, String error) {
        stepLog.compensationFailed(jobId, step, error);
    }

    @Override
    public void retryingAt(UUID jobId, Instant nextAttemptAt, String error) {
        runs.retrying(jobId, nextAttemptAt, error);
    }

    @Override
    public void succeeded(UUID jobId, String message) {
        runs.succeed(jobId, message);
    }

    @Override
    public void failed(UUID jobId, String message, String error) {
        runs.fail(jobId, message, error);
    }
}
