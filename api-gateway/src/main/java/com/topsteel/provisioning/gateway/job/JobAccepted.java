package com.topsteel.provisioning.gateway.job;

import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.jobs.Job;

/** The seed's response fields ({@code success, databaseName, message}) plus what a client polls with. */
public record JobAccepted(boolean success, String databaseName, String message, UUID jobId, UUID societeId,
        JobStatus status) {

    /** A run accepted: the job as queued, with the message a client reads. */
    public static JobAccepted of(Job job, String message) {
        // a job on the whole fleet has no société
        return new JobAccepted(true, job.tenant() == null ? null : job.tenant().databaseName(), message, job.id(),
                job.tenant() == null ? null : job.tenant().societeId(), job.status());
    }
}
