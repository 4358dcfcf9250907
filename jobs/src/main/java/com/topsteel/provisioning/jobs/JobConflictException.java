package com.topsteel.provisioning.jobs;

/**
 * A job cannot be accepted or requeued as things stand — its société has another job queued or
 * running, or it is not FAILED — whoever asks: answered 409, naming the field at fault if any.
 */
public class JobConflictException extends RuntimeException {

    private final String field;

    public JobConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
