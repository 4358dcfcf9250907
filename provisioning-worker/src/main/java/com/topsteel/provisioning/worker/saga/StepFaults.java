package com.topsteel.provisioning.worker.saga;

/**
 * A hook before each step's execution and compensation (and at two points of the warm pool),
 * through which tests inject faults.
 * Production has no implementation of it (see {@link SagaConfiguration}): nothing can enable
 * faults but code on the test classpath.
 */
public interface StepFaults {

    void beforeExecute(JobContext job, String step);

    void beforeCompensate(JobContext job, String step);

    /** Between a job's claim of a warm pool database and its rename to the tenant's: a crash test kills the worker here. */
    default void afterPoolClaim(String tenantDatabase) {
    }

    /** Between a pool database's copy and its seed rows: a crash test kills the worker in the middle of a refill. */
    default void beforePoolMemberReady(String poolDatabase) {
    }
}
