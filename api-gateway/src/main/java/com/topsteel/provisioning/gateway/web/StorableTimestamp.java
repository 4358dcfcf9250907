package com.topsteel.provisioning.gateway.web;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * An instant a PostgreSQL {@code timestamptz} can hold and be compared with: from 4714-11-24 BC
 * (Julian day 0; year -4713 in Java's proleptic calendar) to the end of 294276 AD, to the
 * microsecond. Java accepts years up to ±999,999,999, which PostgreSQL answers with an error.
 */
public final class StorableTimestamp {

    public static final Instant FIRST = Instant.parse("-4713-11-24T00:00:00Z");
    public static final Instant LAST = Instant.parse("+294276-12-31T23:59:59.999999Z");
    public static final String PROBLEM = "must be between " + FIRST + " and " + LAST;

    private StorableTimestamp() {
    }

    public static boolean isStorable(OffsetDateTime timestamp) {
        Instant instant = timestamp.toInstant();
        return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
    }
}
