package com.topsteel.provisioning.jobs.quota;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;

/** MEASURE_FLEET jobs, asked for by the schedule or an operator: one queued or running at a time. */
public class FleetMeasurements {

    private final Jobs jobs;

    public FleetMeasurements(Jobs jobs) {
        this.jobs = jobs;
    }

    /**
     * Accepts a MEASURE_FLEET job in the caller's transaction.
     *
     * @throws JobConflictException when one is queued or running already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job request(String requestedBy) {
        return jobs.acceptAlone(JobType.MEASURE_FLEET, requestedBy, null, "Une mesure des bases est déjà en attente ou en cours");
    }
}
