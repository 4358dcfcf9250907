package com.topsteel.provisioning.jobs;

/**
 * Who is reading: an operator sees every société, job and subscription; a client only those it
 * asked for (another's are as good as absent).
 */
public sealed interface Viewer {

    Viewer OPS = new Ops();

    record Ops() implements Viewer {
    }

    record Client(String name) implements Viewer {
    }

    static Viewer client(String name) {
        return new Client(name);
    }

    /**
     * For a query's {@code (cast(:requestedBy as text) is null or requested_by = :requestedBy)}:
     * the requester a record must name, or null when any will do.
     */
    default String requesterFilter() {
        return this instanceof Client client ? client.name() : null;
    }
}
