package com.topsteel.provisioning.contracts;

/** QUEUED → RUNNING → SUCCEEDED; RETRYING between attempts; FAILED once compensated. */
public enum JobStatus {
    QUEUED, RUNNING, RETRYING, SUCCEEDED, FAILED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
