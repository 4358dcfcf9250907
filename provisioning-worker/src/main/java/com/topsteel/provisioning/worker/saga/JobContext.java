package com.topsteel.provisioning.worker.saga;

import java.util.UUID;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.TenantRef;

/**
 * What every step of a run knows: which job and run, for which société, accepted with what.
 *
 * @param payload what the job was accepted with (JSON), or null
 */
public record JobContext(UUID jobId, UUID runId, JobType type, TenantRef tenant, String payload) {

    /** The run of the job as it was read when the attempt began. */
    public static JobContext of(Job job) {
        return new JobContext(job.id(), job.runId(), job.type(), job.tenant(), job.payload());
    }
}
