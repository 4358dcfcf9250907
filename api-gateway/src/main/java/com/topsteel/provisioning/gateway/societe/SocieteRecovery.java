package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.gateway.job.BeforeRequeue;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.Viewer;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.backup.DeletedSociete;

/**
 * Destroyed sociétés kept for their grace period, and their recovery (ops only): the société recorded
 * again, PROVISIONING, under its code or a new one, and a RECOVER_TENANT job that restores its FINAL
 * backup and its users — in one transaction, like a provisioning.
 */
@Service
class SocieteRecovery implements BeforeRequeue {

    private static final Logger log = LoggerFactory.getLogger(SocieteRecovery.class);

    private final Societes societes;
    private final Backups backups;
    private final PostgresSettings postgres;
    private final JdbcClient auth;

    SocieteRecovery(Societes societes, Backups backups, PostgresSettings postgres, JdbcClient auth) {
        this.societes = societes;
        this.backups = backups;
        this.postgres = postgres;
        this.auth = auth;
    }

    PageOf<DeletedSocieteView> page(int page, int size) {
        return PageOf.of(backups.recoverable(size, (long) page * size).stream().map(DeletedSocieteView::of).toList(), page,
                size, backups.countRecoverable());
    }

    @Transactional
    JobAccepted recover(UUID id, RecoverRequest request) {
        DeletedSociete deleted = backups.findDeleted(id).filter(found -> !"PURGED".equals(found.status())
                        && (!"DELETED".equals(found.status()) || societes.findById(id, Viewer.OPS).isEmpty()))
                .orElseThrow(() -> new NotFoundException("No recoverable société " + id));
        if (!"DELETED".equals(deleted.status())) {
            throw new ConflictException("status", "La société supprimée " + deleted.code() + " est " + deleted.status());
        }
        if (deleted.finalBackupId() == null || backups.find(deleted.finalBackupId())
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED).isEmpty()) {
            throw new ConflictException("finalBackupId", "La société supprimée " + deleted.code() + " n'a plus de sauvegarde finale");
        }
        String code = request == null || request.code() == null ? deleted.code() : request.code();
        TenantRef tenant = new TenantRef(id, code, deleted.nom(), SocieteCode.databaseName(postgres.tenantDatabasePrefix(), code));
        record(deleted, tenant);
        Job job = backups.requestRecovery(deleted, tenant, CurrentCaller.name());
        try (var logContext = JobLogContext.of(job.id(), job.type(), code)) {
            log.info("Accepted recovery of société {} as {} from FINAL backup {}: job {}", deleted.code(), code,
                    deleted.finalBackupId(), job.id());
        }
        return JobAccepted.of(job, "Récupération de la société \"" + deleted.nom() + "\" depuis sa sauvegarde finale en cours");
    }

    @Override
    public JobType type() {
        return JobType.RECOVER_TENANT;
    }

    /** A failed recovery removed the société it recorded and made the kept one DELETED again: both put back. */
    @Override
    public void prepare(Job job) {
        DeletedSociete deleted = backups.findDeleted(job.tenant().societeId())
                .orElseThrow(() -> new ConflictException("status", "La société " + job.tenant().code() + " n'est plus conservée"));
        if (!"DELETED".equals(deleted.status())) {
            throw new ConflictException("status", "La société supprimée " + deleted.code() + " est " + deleted.status());
        }
        if (societes.findById(job.tenant().societeId(), Viewer.OPS).isEmpty()) {
            record(deleted, job.tenant());
        }
        backups.markDeletedStatus(deleted.id(), "DELETED", "RECOVERING");
    }

    private void record(DeletedSociete deleted, TenantRef tenant) {
        if (societes.existsWithCode(tenant.code())) {
            throw codeTaken(tenant.code());
        }
        if (PostgresServer.databaseExists(auth, tenant.databaseName())) {
            throw new ConflictException("code", "La base de données " + tenant.databaseName() + " existe déjà");
        }
        try {
            backups.recordSocieteAgain(deleted, tenant.code(), tenant.databaseName());
        } catch (DuplicateKeyException raceLost) {
            throw codeTaken(tenant.code());
        }
    }

    private static ConflictException codeTaken(String code) {
        return new ConflictException("code", "Le code société " + code + " est déjà utilisé : récupérez-la sous un autre code");
    }
}
