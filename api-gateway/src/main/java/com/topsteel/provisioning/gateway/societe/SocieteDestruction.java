package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.Viewer;

/**
 * Accepts the destruction of a société: a DESTROY job and its command, in one transaction; with
 * {@code purge}, an erasure (nothing kept). Refused (409) while another job of the société is queued or running.
 */
@Service
class SocieteDestruction {

    private static final Logger log = LoggerFactory.getLogger(SocieteDestruction.class);

    private final Societes societes;
    private final Jobs jobs;

    SocieteDestruction(Societes societes, Jobs jobs) {
        this.societes = societes;
        this.jobs = jobs;
    }

    @Transactional
    JobAccepted destroy(UUID societeId, boolean purge) {
        SocieteView societe = societes.findById(societeId, Viewer.OPS)
                .orElseThrow(() -> new NotFoundException("No société " + societeId));
        TenantRef tenant = new TenantRef(societeId, societe.code(), societe.nom(), societe.databaseName());
        Job job = jobs.accept(JobType.DESTROY_TENANT, tenant, CurrentCaller.name(), "{\"purge\": " + purge + "}");
        try (var logContext = JobLogContext.of(job.id(), job.type(), tenant.code())) {
            log.info("Accepted destruction of société {} as job {} (database {}){}", tenant.code(), job.id(),
                    tenant.databaseName(), purge ? ", purging every backup" : ", after a FINAL backup");
        }
        return JobAccepted.of(job, "Suppression de la société \"" + tenant.nom() + "\" et de sa base de données en cours"
                + (purge ? ", sans rien conserver" : " ; une sauvegarde finale est conservée"));
    }
}
