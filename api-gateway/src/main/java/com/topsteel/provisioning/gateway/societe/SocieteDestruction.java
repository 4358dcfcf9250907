package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.DestroyTenant;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.job.JobCommands;
import com.topsteel.provisioning.gateway.job.ProvisioningJobs;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;

/**
 * Accepts the destruction of a société: a DESTROY job and its command, in one transaction.
 * Refused (409) while another job of the société is queued or running.
 */
@Service
class SocieteDestruction {

    private static final Logger log = LoggerFactory.getLogger(SocieteDestruction.class);

    private final Societes societes;
    private final ProvisioningJobs jobs;
    private final JobCommands commands;

    SocieteDestruction(Societes societes, ProvisioningJobs jobs, JobCommands commands) {
        this.societes = societes;
        this.jobs = jobs;
        this.commands = commands;
    }

    @Transactional
    JobAccepted destroy(UUID societeId) {
        SocieteView societe = societes.findById(societeId, null)
                .orElseThrow(() -> new NotFoundException("No société " + societeId));
        UUID jobId = UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        try (var job = JobLogContext.of(jobId, JobType.DESTROY_TENANT, societe.code())) {
            jobs.insertQueued(jobId, runId, JobType.DESTROY_TENANT, societeId, societe.code(), societe.nom(),
                    societe.databaseName(), null, CurrentCaller.name());
            commands.send(new DestroyTenant(jobId, runId, societeId, societe.code(), societe.nom(), societe.databaseName()));
            log.info("Accepted destruction of société {} as job {} (database {})", societe.code(), jobId,
                    societe.databaseName());
        }
        return JobAccepted.queued(societe.databaseName(),
                "Suppression de la société \"" + societe.nom() + "\" et de sa base de données en cours", jobId, societeId);
    }
}
