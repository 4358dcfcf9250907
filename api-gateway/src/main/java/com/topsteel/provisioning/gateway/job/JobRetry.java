package com.topsteel.provisioning.gateway.job;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.DestroyTenant;
import com.topsteel.provisioning.contracts.JobCommand;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;

/**
 * An operator's retry: a FAILED job runs again from a clean state, as a new run. A failed
 * provisioning was rolled back, so its société is recorded again from the accepted request.
 */
@Service
public class JobRetry {

    private static final Logger log = LoggerFactory.getLogger(JobRetry.class);

    private final ProvisioningJobs jobs;
    private final JobCommands commands;
    private final SocieteRestorer societes;

    JobRetry(ProvisioningJobs jobs, JobCommands commands, SocieteRestorer societes) {
        this.jobs = jobs;
        this.commands = commands;
        this.societes = societes;
    }

    /**
     * @throws NotFoundException  for an unknown job
     * @throws ConflictException  when the job is not FAILED (already retried, say) or its société cannot be restored
     */
    @Transactional
    public JobAccepted retry(UUID jobId) {
        ProvisioningJobs.JobRecord job = jobs.lockById(jobId).orElseThrow(() -> new NotFoundException("No job " + jobId));
        if (job.status() != JobStatus.FAILED) {
            throw new ConflictException("status", "Le job " + jobId + " est " + job.status()
                    + " : seul un job FAILED peut être relancé");
        }
        try (var logContext = JobLogContext.of(jobId, job.type(), job.societeCode())) {
            UUID runId = UUID.randomUUID();
            JobCommand command;
            if (job.type() == JobType.PROVISION_TENANT) {
                societes.restoreForRetry(job.societeId(), job.acceptedRequest(), job.databaseName(), job.requestedBy());
                command = new ProvisionTenant(jobId, runId, job.societeId(), job.societeCode(), job.societeNom(),
                        job.databaseName());
            } else {
                command = new DestroyTenant(jobId, runId, job.societeId(), job.societeCode(), job.societeNom(),
                        job.databaseName());
            }
            jobs.requeue(job, runId);
            commands.send(command);
            log.info("Job {} ({}) of société {} retried by an operator as run {}", jobId, job.type(), job.societeCode(), runId);
            return JobAccepted.queued(job.databaseName(), "Le job " + jobId + " est relancé", jobId, job.societeId());
        }
    }
}
