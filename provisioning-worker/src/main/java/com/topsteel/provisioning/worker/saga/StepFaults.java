package com.topsteel.provisioning.worker.saga;

/**
 * A hook before each step's execution and compensation, through which tests inject faults.
 * Production has no implementation of it (see {@link SagaConfiguration}): nothing can enable
 * faults but code on the test classpath.
 */
public interface StepFaults {

    void beforeExecute(JobContext job, String step);

    void beforeCompensate(JobContext job, String step);
}
