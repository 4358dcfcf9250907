package com.topsteel.provisioning.gateway.web;

/**
 * No PostgreSQL server can take another tenant (none ACTIVE with room, or the named one full):
 * answered 503 until an operator adds capacity; nothing was recorded.
 */
public class NoCapacityException extends RuntimeException {

    private final String field;

    public NoCapacityException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault (the named server), or null when no server has room. */
    public String field() {
        return field;
    }
}
