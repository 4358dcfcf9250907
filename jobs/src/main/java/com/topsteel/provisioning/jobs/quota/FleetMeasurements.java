package com.topsteel.provisioning.jobs.quota;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;

/** MEASURE_FLEET jobs, asked for by the schedule or an operator: one queued or running at a time. */
public class FleetMeasurements {

    private final JdbcClient jdbc;
    private final Jobs jobs;

    public FleetMeasurements(JdbcClient jdbc, Jobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /**
     * Accepts a MEASURE_FLEET job in the caller's transaction.
     *
     * @throws JobConflictException when one is queued or running already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job request(String requestedBy) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('provisioning.measure_fleet'))").query().singleRow();
        boolean active = jdbc.sql("""
                select exists (select 1 from provisioning.jobs
                where type = :type and status in ('QUEUED', 'RUNNING', 'RETRYING'))""")
                .param("type", JobType.MEASURE_FLEET.name())
                .query(Boolean.class)
                .single();
        if (active) {
            throw new JobConflictException(null, "Une mesure des bases est déjà en attente ou en cours");
        }
        return jobs.accept(JobType.MEASURE_FLEET, null, requestedBy, null);
    }
}
