package com.topsteel.provisioning.gateway.job;

import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;

/** The seed's response fields ({@code success, databaseName, message}) plus what a client polls with. */
public record JobAccepted(boolean success, String databaseName, String message, UUID jobId, UUID societeId,
        JobStatus status) {

    public static JobAccepted queued(String databaseName, String message, UUID jobId, UUID societeId) {
        return new JobAccepted(true, databaseName, message, jobId, societeId, JobStatus.QUEUED);
    }
}
