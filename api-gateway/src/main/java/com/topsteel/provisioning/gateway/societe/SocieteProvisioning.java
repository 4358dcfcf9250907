package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.gateway.job.BeforeRequeue;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.Viewer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a provisioning request: the société (PROVISIONING) and its job, with the command for
 * the worker, in one transaction. A failed provisioning removed its société; an operator's retry
 * records it again from the request as it was accepted ({@link BeforeRequeue}).
 */
@Service
class SocieteProvisioning implements BeforeRequeue {

    private static final Logger log = LoggerFactory.getLogger(SocieteProvisioning.class);

    private final Societes societes;
    private final Jobs jobs;
    private final PostgresSettings postgres;
    private final JdbcClient auth;
    private final JsonMapper json;

    SocieteProvisioning(Societes societes, Jobs jobs, PostgresSettings postgres, JdbcClient auth, JsonMapper json) {
        this.societes = societes;
        this.jobs = jobs;
        this.postgres = postgres;
        this.auth = auth;
        this.json = json;
    }

    @Transactional
    JobAccepted provision(ProvisionTenantRequest request) {
        String code = request.code();
        TenantRef tenant = new TenantRef(UUID.randomUUID(), code, request.nom().strip(),
                SocieteCode.databaseName(postgres.tenantDatabasePrefix(), code));
        if (societes.existsWithCode(code)) {
            throw codeTaken(code);
        }
        // through this transaction's pooled AUTH connection, not a new maintenance connection
        if (PostgresServer.databaseExists(auth, tenant.databaseName())) {
            throw new ConflictException("code", "La base de données " + tenant.databaseName() + " existe déjà");
        }
        String requestedBy = CurrentCaller.name();
        record(tenant, request, requestedBy);
        Job job = jobs.accept(JobType.PROVISION_TENANT, tenant, requestedBy, json.writeValueAsString(request));
        try (var logContext = JobLogContext.of(job.id(), job.type(), code)) {
            log.info("Accepted provisioning of société {} as job {} (database {}) from {}", code, job.id(),
                    tenant.databaseName(), requestedBy);
        }
        return JobAccepted.of(job, "Création de la société \"" + tenant.nom() + "\" et de sa base de données dédiée en cours");
    }

    @Override
    public JobType type() {
        return JobType.PROVISION_TENANT;
    }

    /** The société as the request recorded it, unless it is still there. */
    @Override
    public void prepare(Job job) {
        if (societes.findById(job.tenant().societeId(), Viewer.OPS).isEmpty()) {
            record(job.tenant(), json.readValue(job.payload(), ProvisionTenantRequest.class), job.requestedBy());
        }
    }

    private void record(TenantRef tenant, ProvisionTenantRequest request, String requestedBy) {
        try {
            societes.insertProvisioning(tenant.societeId(), request, tenant.databaseName(), requestedBy);
        } catch (DuplicateKeyException raceLost) {
            throw codeTaken(request.code());
        }
    }

    private static ConflictException codeTaken(String code) {
        return new ConflictException("code", "Le code société " + code + " est déjà utilisé");
    }
}
