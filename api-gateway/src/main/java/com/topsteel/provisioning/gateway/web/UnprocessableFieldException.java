package com.topsteel.provisioning.gateway.web;

/**
 * A well-formed value the current state of the fleet refuses (a schema version no worker knows, a
 * société that does not exist): answered 422 with the field at fault.
 */
public class UnprocessableFieldException extends RuntimeException {

    private final String field;

    public UnprocessableFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
