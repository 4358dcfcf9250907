package com.topsteel.provisioning.worker.saga;

/** A step failed in a way that retrying cannot fix (conflicting database, vanished société, bad migration). */
public class PermanentStepFailure extends RuntimeException {

    public PermanentStepFailure(String message) {
        super(message);
    }

    public PermanentStepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
