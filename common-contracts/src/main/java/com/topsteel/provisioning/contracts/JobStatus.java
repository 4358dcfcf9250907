package com.topsteel.provisioning.contracts;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED → RUNNING → SUCCEEDED; RETRYING between attempts; FAILED once compensated (or when its
 * command could not be read); an operator's retry puts a FAILED job back to QUEUED as a new run.
 * {@link #reachableFrom()} declares every allowed change once: each status update is guarded by it.
 */
public enum JobStatus {
    QUEUED, RUNNING, RETRYING, SUCCEEDED, FAILED;

    /** The statuses a job may leave for this one. */
    public Set<JobStatus> reachableFrom() {
        return switch (this) {
            // an operator's retry: a new run of a job that failed
            case QUEUED -> EnumSet.of(FAILED);
            // an attempt starts; from RUNNING when it takes over from a worker that died
            case RUNNING -> EnumSet.of(QUEUED, RUNNING, RETRYING);
            case RETRYING, SUCCEEDED -> EnumSet.of(RUNNING);
            // from QUEUED when its command could not be read
            case FAILED -> EnumSet.of(QUEUED, RUNNING);
        };
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
