package com.topsteel.provisioning.worker.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a run's progress is written as it happens — the job's status and its step log — so a
 * restarted worker knows what already happened. The {@link SagaRunner} knows nothing else of
 * storage; in production it is the AUTH database ({@link RecordedJournal}).
 */
public interface SagaJournal {

    /** Claims the job for one attempt of the run; false when it finished or another run replaced it. */
    boolean startAttempt(UUID jobId, UUID runId);

    boolean hasSucceeded(UUID jobId, String step);

    /** Records the start of an attempt of the step and returns its number. */
    int stepStarted(UUID jobId, int position, String step);

    void stepSucceeded(UUID jobId, String step);

    void stepFailed(UUID jobId, String step, String error);

    void compensating(UUID jobId, String step);

    void compensated(UUID jobId, String step);

    void compensationFailed(UUID jobId, String step, String error);

    void retryingAt(UUID jobId, Instant nextAttemptAt, String error);

    void succeeded(UUID jobId, String message);

    void failed(UUID jobId, String message, String error);
}
