package com.topsteel.provisioning.gateway.web;

/** A field's value is refused by a rule beyond its format (a URL reaching a private network): answered 400. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
