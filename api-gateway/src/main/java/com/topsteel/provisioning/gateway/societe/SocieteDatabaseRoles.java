package com.topsteel.provisioning.gateway.societe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.Viewer;

/**
 * Sociétés provisioned before roles per tenant get theirs (docs/servers.md#a-role-per-tenant): one
 * CREATE_TENANT_ROLE job per société, so each role's password is shown once on its own job, and the
 * workers' concurrency bounds how many run at a time. Ops only.
 */
@Service
class SocieteDatabaseRoles {

    private static final Logger log = LoggerFactory.getLogger(SocieteDatabaseRoles.class);

    /** A société whose database exists and that no job is creating, replacing or taking apart. */
    private static final Set<SocieteStatus> ROLE_FOR =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL);

    private final Societes societes;
    private final Jobs jobs;
    private final JdbcClient auth;
    private final TransactionTemplate transaction;

    SocieteDatabaseRoles(Societes societes, Jobs jobs, JdbcClient auth, TransactionTemplate transaction) {
        this.societes = societes;
        this.jobs = jobs;
        this.auth = auth;
        this.transaction = transaction;
    }

    /** One société's role, asked for by name. */
    JobAccepted create(UUID societeId) {
        SocieteView societe = societes.findById(societeId, Viewer.OPS)
                .orElseThrow(() -> new NotFoundException("No société " + societeId));
        if (societe.databaseRole() != null) {
            throw new ConflictException("databaseRole", "La société " + societe.code() + " a déjà le rôle "
                    + societe.databaseRole());
        }
        if (!ROLE_FOR.contains(societe.status())) {
            throw new ConflictException("status", "La société " + societe.code() + " est " + societe.status()
                    + " : son rôle ne peut pas être créé maintenant");
        }
        Job job = transaction.execute(status -> accept(societe));
        return JobAccepted.of(job, "Création du rôle de base de données de la société \"" + societe.nom() + "\" en cours");
    }

    /**
     * Up to {@code limit} sociétés without a role, oldest first, each in a job of its own; one that
     * has another job running (or got a role meanwhile) is skipped, not an error. {@code remaining}: those left for the
     * next call.
     */
    FleetRoles createForAll(int limit) {
        List<SocieteWithoutRole> candidates = auth.sql("""
                select id, code from societes
                where database_role is null and status in (:statuses)
                order by created_at, id
                limit :limit""")
                .param("statuses", ROLE_FOR.stream().map(Enum::name).toList())
                .param("limit", limit)
                .query(SocieteWithoutRole.class)
                .list();
        List<AcceptedRole> accepted = new ArrayList<>();
        for (SocieteWithoutRole candidate : candidates) {
            try {
                Job job = transaction.execute(status -> societes.findById(candidate.id(), Viewer.OPS)
                        .filter(societe -> societe.databaseRole() == null && ROLE_FOR.contains(societe.status()))
                        .map(this::accept)
                        .orElse(null));
                if (job != null) {
                    accepted.add(new AcceptedRole(candidate.id(), candidate.code(), job.id()));
                }
            } catch (JobConflictException anotherJobActive) {
                log.info("Société {} has another job running: its role is left for the next request", candidate.code());
            }
        }
        long remaining = auth.sql("select count(*) from societes where database_role is null and status in (:statuses)")
                .param("statuses", ROLE_FOR.stream().map(Enum::name).toList())
                .query(Long.class).single() - accepted.size();
        return new FleetRoles(accepted, Math.max(0, remaining));
    }

    private Job accept(SocieteView societe) {
        Job job = jobs.accept(JobType.CREATE_TENANT_ROLE,
                new TenantRef(societe.id(), societe.code(), societe.nom(), societe.databaseName()), CurrentCaller.name(), null);
        try (var logContext = JobLogContext.of(job.id(), job.type(), societe.code())) {
            log.info("Accepted the database role of société {} as job {}", societe.code(), job.id());
        }
        return job;
    }

    private record SocieteWithoutRole(UUID id, String code) {
    }

    record AcceptedRole(UUID societeId, String code, UUID jobId) {
    }

    /** What {@code POST /api/ops/database-roles} answers: the jobs accepted, and how many sociétés still have no role. */
    record FleetRoles(List<AcceptedRole> accepted, long remaining) {
    }
}
