package com.topsteel.provisioning.worker.saga;

/** A step failed in a way that trying again later may fix (connection lost, lock timeout, busy template). */
public class TransientStepFailure extends RuntimeException {

    public TransientStepFailure(String message) {
        super(message);
    }

    public TransientStepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
