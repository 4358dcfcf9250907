package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.gateway.job.ProvisioningJobs;
import com.topsteel.provisioning.gateway.outbox.Outbox;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

/**
 * Accepts a provisioning request: the société (PROVISIONING), its job (QUEUED) and the command
 * for the worker are written in one transaction; the outbox relay takes the command to RabbitMQ.
 */
@Service
class SocieteProvisioning {

    private static final Logger log = LoggerFactory.getLogger(SocieteProvisioning.class);

    private final Societes societes;
    private final ProvisioningJobs jobs;
    private final Outbox outbox;
    private final PostgresServer postgres;

    SocieteProvisioning(Societes societes, ProvisioningJobs jobs, Outbox outbox, PostgresServer postgres) {
        this.societes = societes;
        this.jobs = jobs;
        this.outbox = outbox;
        this.postgres = postgres;
    }

    @Transactional
    ProvisioningAccepted provision(ProvisionTenantRequest request) {
        String code = request.code();
        String nom = request.nom().strip();
        String databaseName = SocieteCode.databaseName(postgres.settings().tenantDatabasePrefix(), code);
        if (societes.existsWithCode(code)) {
            throw new ConflictException("code", "Le code société " + code + " est déjà utilisé");
        }
        if (postgres.databaseExists(databaseName)) {
            throw new ConflictException("code", "La base de données " + databaseName + " existe déjà");
        }
        UUID societeId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        try {
            societes.insertProvisioning(societeId, request, databaseName);
        } catch (DuplicateKeyException raceLost) {
            throw new ConflictException("code", "Le code société " + code + " est déjà utilisé");
        }
        jobs.insertQueued(jobId, JobType.PROVISION_TENANT, societeId, code, nom, databaseName);
        outbox.record(ProvisioningQueues.COMMANDS_EXCHANGE, ProvisioningQueues.PROVISION_TENANT_ROUTING_KEY,
                ProvisioningMessages.PROVISION_TENANT_TYPE,
                ProvisioningMessages.toJson(new ProvisionTenant(jobId, societeId, code, nom, databaseName)));
        log.info("Accepted provisioning of société {} as job {} (database {})", code, jobId, databaseName);
        return new ProvisioningAccepted(true, databaseName,
                "Création de la société \"" + nom + "\" et de sa base de données dédiée en cours",
                jobId, societeId, JobStatus.QUEUED);
    }
}
