package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
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
import com.topsteel.provisioning.gateway.server.TenantPlacement;
import com.topsteel.provisioning.gateway.web.ForbiddenFieldException;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.Viewer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a provisioning request: the société (PROVISIONING) and its job, with the command for
 * the worker, in one transaction, on the server {@link TenantPlacement} chooses. A failed provisioning removed its société; an operator's retry
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
    private final TenantPlacement placement;
    private final DatabaseServers servers;

    SocieteProvisioning(Societes societes, Jobs jobs, PostgresSettings postgres, JdbcClient auth, JsonMapper json,
            TenantPlacement placement, DatabaseServers servers) {
        this.placement = placement;
        this.servers = servers;
        this.societes = societes;
        this.jobs = jobs;
        this.postgres = postgres;
        this.auth = auth;
        this.json = json;
    }

    @Transactional
    JobAccepted provision(ProvisionTenantRequest request) {
        if (request.server() != null && CurrentCaller.viewer() != Viewer.OPS) {
            throw new ForbiddenFieldException("server", "Seul un opérateur peut choisir le serveur d'une société");
        }
        String code = request.code();
        TenantRef tenant = new TenantRef(UUID.randomUUID(), code, request.nom().strip(),
                SocieteCode.databaseName(postgres.tenantDatabasePrefix(), code));
        if (societes.existsWithCode(code)) {
            throw codeTaken(code);
        }
        String server = placement.place(request.server());
        if (databaseExists(server, tenant.databaseName())) {
            throw new ConflictException("code", "La base de données " + tenant.databaseName() + " existe déjà");
        }
        String requestedBy = CurrentCaller.name();
        record(tenant, request, requestedBy, server);
        Job job = jobs.accept(JobType.PROVISION_TENANT, tenant, requestedBy, json.writeValueAsString(request));
        try (var logContext = JobLogContext.of(job.id(), job.type(), code)) {
            log.info("Accepted provisioning of société {} as job {} (database {} on server {}) from {}", code, job.id(),
                    tenant.databaseName(), server, requestedBy);
        }
        return JobAccepted.of(job, "Création de la société \"" + tenant.nom() + "\" et de sa base de données dédiée en cours");
    }

    @Override
    public JobType type() {
        return JobType.PROVISION_TENANT;
    }

    /** The société as the request recorded it, placed again (on the server it named, if any), unless it is still there. */
    @Override
    public void prepare(Job job) {
        if (societes.findById(job.tenant().societeId(), Viewer.OPS).isEmpty()) {
            ProvisionTenantRequest request = json.readValue(job.payload(), ProvisionTenantRequest.class);
            record(job.tenant(), request, job.requestedBy(), placement.place(request.server()));
        }
    }

    /**
     * Whether the server already has the database: on the primary through this transaction's pooled
     * AUTH connection; on another, asked over a connection of its own, and when that server cannot be
     * reached now, left to the worker (which never takes over a database it did not create).
     */
    private boolean databaseExists(String server, String database) {
        PostgresServer postgres = servers.named(server);
        if (servers.isPrimary(postgres)) {
            return PostgresServer.databaseExists(auth, database);
        }
        try {
            return postgres.databaseExists(database);
        } catch (DataAccessException unreachable) {
            log.warn("Server {} not reached to check that {} is free: {}", server, database, unreachable.getMessage());
            return false;
        }
    }

    private void record(TenantRef tenant, ProvisionTenantRequest request, String requestedBy, String server) {
        try {
            societes.insertProvisioning(tenant.societeId(), request, tenant.databaseName(), requestedBy, server);
        } catch (DuplicateKeyException raceLost) {
            throw codeTaken(request.code());
        }
    }

    private static ConflictException codeTaken(String code) {
        return new ConflictException("code", "Le code société " + code + " est déjà utilisé");
    }
}
