package com.topsteel.provisioning.gateway.societe;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.RestoreMode;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.gateway.web.UnprocessableFieldException;
import com.topsteel.provisioning.infrastructure.backups.BackupObjectMissingException;
import com.topsteel.provisioning.infrastructure.backups.BackupStore;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;

/**
 * A société's backups and restores (docs/backups.md): asked for as jobs, listed newest first, a
 * dump streamed out of the store. A client reaches only its own sociétés (another's: 404).
 */
@Service
class SocieteBackups {

    private static final Logger log = LoggerFactory.getLogger(SocieteBackups.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** A société with a database to dump or replace, that no job is creating or taking apart. */
    private static final Set<SocieteStatus> BACKUP_FROM =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL);
    private static final Set<SocieteStatus> RESTORE_FROM =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL,
                    SocieteStatus.DEGRADED);

    private final Societes societes;
    private final Backups backups;
    private final BackupStore store;
    private final PostgresSettings postgres;
    private final JdbcClient auth;

    SocieteBackups(Societes societes, Backups backups, BackupStore store, PostgresSettings postgres, JdbcClient auth) {
        this.societes = societes;
        this.backups = backups;
        this.store = store;
        this.postgres = postgres;
        this.auth = auth;
    }

    @Transactional
    BackupAccepted backUp(UUID societeId) {
        SocieteView societe = visible(societeId);
        if (!BACKUP_FROM.contains(societe.status())) {
            throw new ConflictException("status", "La société " + societe.code() + " est " + societe.status()
                    + " : elle ne peut pas être sauvegardée maintenant");
        }
        Backups.Accepted accepted = backups.requestBackup(tenantOf(societe), CurrentCaller.name());
        Job job = accepted.job();
        try (var logContext = JobLogContext.of(job.id(), job.type(), societe.code())) {
            log.info("Accepted backup {} of société {} as job {}", accepted.backup().id(), societe.code(), job.id());
        }
        return new BackupAccepted(accepted.backup().id(), job.id(), societeId, accepted.backup().status(), job.status(),
                "Sauvegarde de la société \"" + societe.nom() + "\" en cours");
    }

    PageOf<BackupView> page(UUID societeId, int page, int size) {
        visible(societeId);
        return PageOf.of(backups.ofSociete(societeId, size, (long) page * size).stream().map(BackupView::of).toList(),
                page, size, backups.countOfSociete(societeId));
    }

    @Transactional
    JobAccepted restore(UUID societeId, RestoreRequest request) {
        SocieteView societe = visible(societeId);
        Backup backup = backups.find(request.backupId()).filter(found -> found.societeId().equals(societeId))
                .orElseThrow(() -> new UnprocessableFieldException("backupId", "La société " + societe.code()
                        + " n'a pas de sauvegarde " + request.backupId()));
        if (backup.status() != BackupStatus.SUCCEEDED) {
            throw new UnprocessableFieldException("backupId", "La sauvegarde " + backup.id() + " est " + backup.status()
                    + " : seule une sauvegarde SUCCEEDED peut être restaurée");
        }
        if (!RESTORE_FROM.contains(societe.status())) {
            throw new ConflictException("status", "La société " + societe.code() + " est " + societe.status()
                    + " : elle ne peut pas être restaurée maintenant");
        }
        TenantRef tenant = tenantOf(societe);
        Job job = backups.requestRestore(tenant, backup, request.mode(), targetDatabase(tenant, request), CurrentCaller.name());
        try (var logContext = JobLogContext.of(job.id(), job.type(), societe.code())) {
            log.info("Accepted {} restore of société {} from backup {} as job {}", request.mode(), societe.code(),
                    backup.id(), job.id());
        }
        return JobAccepted.of(job, request.mode() == RestoreMode.IN_PLACE
                ? "Restauration de la société \"" + societe.nom() + "\" depuis sa sauvegarde en cours"
                : "Restauration de la sauvegarde dans la base " + targetDatabase(tenant, request) + " en cours");
    }

    /**
     * IN_PLACE: a scratch name of the job's own, which no société code can produce (codes never start
     * with an underscore); NEW_DATABASE: the name asked for, checked.
     */
    private String targetDatabase(TenantRef tenant, RestoreRequest request) {
        if (request.mode() == RestoreMode.IN_PLACE) {
            if (request.targetDatabase() != null) {
                throw new InvalidFieldException("targetDatabase", "targetDatabase is for a NEW_DATABASE restore only");
            }
            return scratchName(tenant);
        }
        String name = request.targetDatabase();
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("targetDatabase", "a NEW_DATABASE restore needs targetDatabase");
        }
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new InvalidFieldException("targetDatabase", "must be 1 to 63 lower-case ASCII letters, digits and underscores,"
                    + " starting with a letter");
        }
        String prefix = postgres.tenantDatabasePrefix();
        if (name.equals(postgres.authDatabase()) || name.equals(postgres.sharedDatabase())
                || name.equals(postgres.maintenanceDatabase()) || name.startsWith("template")
                || name.startsWith(prefix + SocieteCode.TEMPLATE_PREFIX) || name.equals(tenant.databaseName())
                || societes.databaseNameTaken(name)) {
            throw new ConflictException("targetDatabase", "La base " + name + " est réservée à une société ou au service");
        }
        if (PostgresServer.databaseExists(auth, name)) {
            throw new ConflictException("targetDatabase", "La base de données " + name + " existe déjà");
        }
        return name;
    }

    private String scratchName(TenantRef tenant) {
        String suffix = "_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return postgres.tenantDatabasePrefix() + suffix;
    }

    /** The stored dump, opened before the answer starts so a missing one is a 404, not a broken download. */
    Download download(UUID backupId) {
        Backup backup = backups.find(backupId).orElseThrow(() -> new NotFoundException("No backup " + backupId));
        if (backup.status() != BackupStatus.SUCCEEDED) {
            throw new ConflictException("status", "La sauvegarde " + backupId + " est " + backup.status()
                    + " : seule une sauvegarde SUCCEEDED peut être téléchargée");
        }
        try {
            InputStream content = store.open(backup.storageKey());
            log.info("Backup {} of société {} downloaded by {}", backupId, backup.societeCode(), CurrentCaller.name());
            return new Download(backup, content);
        } catch (BackupObjectMissingException missing) {
            throw new NotFoundException("Backup " + backupId + " is no longer in the store");
        } catch (IOException e) {
            throw new IllegalStateException("reading backup " + backupId + " failed: " + e.getMessage(), e);
        }
    }

    record Download(Backup backup, InputStream content) {
    }

    /** A fleet-wide backup job accepted. */
    record FleetJobAccepted(UUID jobId, JobType type, JobStatus status, String message) {
    }

    @Transactional
    FleetJobAccepted requestFleetJob(JobType type, String payload) {
        Job job = backups.requestFleetJob(type, payload, CurrentCaller.name());
        log.info("Accepted {} as job {} from {}", type, job.id(), CurrentCaller.name());
        return new FleetJobAccepted(job.id(), type, job.status(), type == JobType.BACKUP_FLEET
                ? "Sauvegarde de toutes les sociétés actives en cours" : "Exercice de restauration en cours");
    }

    private SocieteView visible(UUID societeId) {
        return societes.findById(societeId, CurrentCaller.viewer())
                .orElseThrow(() -> new NotFoundException("No société " + societeId));
    }

    private static TenantRef tenantOf(SocieteView societe) {
        return new TenantRef(societe.id(), societe.code(), societe.nom(), societe.databaseName());
    }
}
