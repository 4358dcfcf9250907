package com.topsteel.provisioning.gateway.web;

/** The request is valid but clashes with the current state: answered 409, naming the field at fault when there is one. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
