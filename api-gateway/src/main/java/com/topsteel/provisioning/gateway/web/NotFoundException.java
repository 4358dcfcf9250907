package com.topsteel.provisioning.gateway.web;

/** The addressed resource does not exist: answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
