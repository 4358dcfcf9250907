package com.topsteel.provisioning.gateway.societe;

/** The original's {@code {total, active, trial, inactive}}, plus the states it did not have. */
record SocieteStatistics(long total, long active, long trial, long inactive, long suspended, long provisioning,
        long deleting) {
}
