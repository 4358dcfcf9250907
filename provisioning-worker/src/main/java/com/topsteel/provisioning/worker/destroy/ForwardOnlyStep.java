package com.topsteel.provisioning.worker.destroy;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.SagaStep;

/** A destroy step: what it removed is not put back; the destroy is finished by retrying it. */
interface ForwardOnlyStep extends SagaStep {

    @Override
    default void compensate(JobContext job) {
        // nothing to undo: a half-destroyed société stays DELETING until its destroy is retried
    }
}
