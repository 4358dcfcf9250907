package com.topsteel.provisioning.worker.saga;

/**
 * One step of a saga and its undo, side by side. Both must be idempotent: a step may run again
 * after a crash, and {@link #compensate} may run for a step that failed half-way or never ran.
 */
public interface SagaStep {

    /** Stable name, recorded in the step log and shown to clients. */
    String name();

    void execute(JobContext job);

    void compensate(JobContext job);
}
