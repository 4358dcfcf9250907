package com.topsteel.provisioning.gateway.web;

/** The gateway cannot take this request now (a limit reached, the database pool exhausted): answered 503, try again. */
public class ServiceBusyException extends RuntimeException {

    public ServiceBusyException(String message) {
        super(message);
    }
}
