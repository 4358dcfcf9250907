package com.topsteel.provisioning.gateway.job;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;

/**
 * What a job type needs put back before an operator's retry runs it again — a failed
 * provisioning's société, removed by its compensation. One bean per type that needs one.
 */
public interface BeforeRequeue {

    JobType type();

    /**
     * Called in the retry's transaction, the job locked.
     *
     * @throws com.topsteel.provisioning.gateway.web.ConflictException when the job cannot run again as it was accepted
     */
    void prepare(Job job);
}
