package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.job.JobCommands;
import com.topsteel.provisioning.gateway.job.ProvisioningJobs;
import com.topsteel.provisioning.gateway.job.SocieteRestorer;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;

import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a provisioning request: the société (PROVISIONING), its job (QUEUED) and the command
 * for the worker are written in one transaction; the outbox relay takes the command to RabbitMQ.
 */
@Service
class SocieteProvisioning implements SocieteRestorer {

    private static final Logger log = LoggerFactory.getLogger(SocieteProvisioning.class);

    private final Societes societes;
    private final ProvisioningJobs jobs;
    private final JobCommands commands;
    private final PostgresSettings postgres;
    private final JdbcClient auth;
    private final JsonMapper json;

    SocieteProvisioning(Societes societes, ProvisioningJobs jobs, JobCommands commands, PostgresSettings postgres,
            JdbcClient auth, JsonMapper json) {
        this.societes = societes;
        this.jobs = jobs;
        this.commands = commands;
        this.postgres = postgres;
        this.auth = auth;
        this.json = json;
    }

    @Transactional
    JobAccepted provision(ProvisionTenantRequest request) {
        String code = request.code();
        String nom = request.nom().strip();
        String databaseName = SocieteCode.databaseName(postgres.tenantDatabasePrefix(), code);
        if (societes.existsWithCode(code)) {
            throw codeTaken(code);
        }
        // through this transaction's pooled AUTH connection, not a new maintenance connection
        if (PostgresServer.databaseExists(auth, databaseName)) {
            throw new ConflictException("code", "La base de données " + databaseName + " existe déjà");
        }
        UUID societeId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        UUID runId = UUID.randomUUID();
        String requestedBy = CurrentCaller.name();
        try (var job = JobLogContext.of(jobId, JobType.PROVISION_TENANT, code)) {
            record(societeId, request, databaseName, requestedBy);
            jobs.insertQueued(jobId, runId, JobType.PROVISION_TENANT, societeId, code, nom, databaseName,
                    json.writeValueAsString(request), requestedBy);
            commands.send(new ProvisionTenant(jobId, runId, societeId, code, nom, databaseName));
            log.info("Accepted provisioning of société {} as job {} (database {}) from {}", code, jobId, databaseName,
                    requestedBy);
        }
        return JobAccepted.queued(databaseName,
                "Création de la société \"" + nom + "\" et de sa base de données dédiée en cours", jobId, societeId);
    }

    @Override
    public void restoreForRetry(UUID societeId, String acceptedRequest, String databaseName, String requestedBy) {
        if (societes.findById(societeId, null).isPresent()) {
            return;
        }
        record(societeId, json.readValue(acceptedRequest, ProvisionTenantRequest.class), databaseName, requestedBy);
    }

    private void record(UUID societeId, ProvisionTenantRequest request, String databaseName, String requestedBy) {
        try {
            societes.insertProvisioning(societeId, request, databaseName, requestedBy);
        } catch (DuplicateKeyException raceLost) {
            throw codeTaken(request.code());
        }
    }

    private static ConflictException codeTaken(String code) {
        return new ConflictException("code", "Le code société " + code + " est déjà utilisé");
    }
}
