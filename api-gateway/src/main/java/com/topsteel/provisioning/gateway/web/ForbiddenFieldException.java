package com.topsteel.provisioning.gateway.web;

/** A field this caller's role may not set (a client naming the server): answered 403, naming the field. */
public class ForbiddenFieldException extends RuntimeException {

    private final String field;

    public ForbiddenFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
