package com.topsteel.provisioning.worker.upgrade;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.SchemaVersions;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.upgrade.Campaign;
import com.topsteel.provisioning.jobs.upgrade.LedgerEntry;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.worker.backup.TenantBackups;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.StepFailures;
import com.topsteel.provisioning.worker.societe.SocieteRecords;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases.TenantConnection;
import com.topsteel.provisioning.worker.tenantdb.TenantRoles;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant of a campaign: claimed (unless its société is gone, being created or destroyed, or
 * busy with a job of its own: SKIPPED), migrated to the target, read back. SUCCEEDED only when the
 * database says it is at the target. A failing migration rolls back in its own transaction, so
 * the database stays at its previous version: the ledger says FAILED with the error, the société
 * {@code UPGRADE_FAILED}, and the campaign goes on. A campaign that backs up first dumps the tenant
 * (trigger PRE_UPGRADE) before migrating it; a backup that fails fails the tenant the same way, unmigrated. Two runs never migrate one database at once:
 * one campaign runs at a time under its lease, and Flyway locks the database's history while it
 * migrates.
 */
@Component
class TenantUpgrade {

    private static final Logger log = LoggerFactory.getLogger(TenantUpgrade.class);

    private final UpgradeCampaigns campaigns;
    private final TenantDatabases databases;
    private final TenantRoles roles;
    private final SocieteRecords societes;
    private final JobEvents events;
    private final UpgradeMetrics metrics;
    private final TransactionTemplate transaction;
    private final TenantBackups backups;
    private final JsonMapper json = JsonMapper.builder().build();

    TenantUpgrade(UpgradeCampaigns campaigns, TenantDatabases databases, TenantRoles roles, SocieteRecords societes, JobEvents events, UpgradeMetrics metrics,
            TransactionTemplate transaction, TenantBackups backups) {
        this.campaigns = campaigns;
        this.databases = databases;
        this.roles = roles;
        this.societes = societes;
        this.events = events;
        this.metrics = metrics;
        this.transaction = transaction;
        this.backups = backups;
    }

    TenantUpgradeStatus upgrade(Campaign campaign, LedgerEntry tenant, JobContext job) {
        String target = campaign.targetVersion();
        Optional<String> notNow = transaction.execute(status -> campaigns.claim(campaign.id(), tenant.societeId(), null));
        if (notNow.isPresent()) {
            campaigns.skipped(campaign.id(), tenant.societeId(), notNow.get());
            log.info("Job {} campaign {}: société {} SKIPPED ({})", job.jobId(), campaign.id(), tenant.societeCode(),
                    notNow.get());
            return TenantUpgradeStatus.SKIPPED;
        }
        long start = System.nanoTime();
        String from = null;
        PostgresServer server;
        try {
            server = databases.serverOfSociete(tenant.societeId(), tenant.societeCode());
        } catch (RuntimeException unknown) {
            return failed(campaign, tenant, job, null, Duration.ofNanos(System.nanoTime() - start), unknown);
        }
        try (TenantConnection database = databases.open(server, tenant.databaseName())) {
            from = database.installedVersion().orElse(null);
            boolean behind = from == null || SchemaVersions.isBehind(from, target);
            if (behind && campaign.backupFirst()) {
                backUpFirst(tenant, job);
            }
            Optional<String> reached = behind ? database.migrateTo(target) : Optional.of(from);
            if (reached.isEmpty() || SchemaVersions.isBehind(reached.get(), target)) {
                throw new IllegalStateException("database at version " + reached.orElse("none") + " after migrating to " + target);
            }
            roles.takeOwnership(server, tenant.societeId(), tenant.databaseName());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String before = from;
            transaction.executeWithoutResult(status -> campaigns.succeeded(campaign.id(), tenant.societeId(), before,
                    reached.get(), took));
            metrics.tenantUpgraded(TenantUpgradeStatus.SUCCEEDED, took);
            log.info("Job {} campaign {}: société {} upgraded from {} to {} in {} ms", job.jobId(), campaign.id(),
                    tenant.societeCode(), before, reached.get(), took.toMillis());
            return TenantUpgradeStatus.SUCCEEDED;
        } catch (RuntimeException failure) {
            return failed(campaign, tenant, job, from, Duration.ofNanos(System.nanoTime() - start), failure);
        }
    }

    private void backUpFirst(LedgerEntry tenant, JobContext job) {
        Backup backup;
        try {
            backup = backups.takePreUpgrade(job.jobId(),
                    new TenantRef(tenant.societeId(), tenant.societeCode(), null, tenant.databaseName()));
        } catch (RuntimeException failed) {
            throw new IllegalStateException("PRE_UPGRADE backup failed, tenant not migrated: " + StepFailures.describe(failed),
                    failed);
        }
        log.info("Job {}: société {} backed up before its upgrade (backup {}, schema version {})", job.jobId(),
                tenant.societeCode(), backup.id(), backup.schemaVersion());
    }

    private TenantUpgradeStatus failed(Campaign campaign, LedgerEntry tenant, JobContext job, String from, Duration took,
            RuntimeException failure) {
        if (societes.isGoneOrDeleting(tenant.societeId())) {
            campaigns.skipped(campaign.id(), tenant.societeId(), "société détruite pendant sa mise à jour");
            log.info("Job {} campaign {}: société {} destroyed while being upgraded: SKIPPED", job.jobId(), campaign.id(),
                    tenant.societeCode());
            return TenantUpgradeStatus.SKIPPED;
        }
        String error = StepFailures.describe(failure);
        String now = readVersion(tenant).orElse(null);
        transaction.executeWithoutResult(status -> {
            campaigns.failed(campaign.id(), tenant.societeId(), from, now, took, error);
            events.record(job.jobId(), JobEventType.UPGRADE_TENANT_FAILED, details(campaign, tenant, from, now, error));
        });
        metrics.tenantUpgraded(TenantUpgradeStatus.FAILED, took);
        log.warn("Job {} campaign {}: société {} FAILED to upgrade to {}, left at version {}: {}", job.jobId(),
                campaign.id(), tenant.societeCode(), campaign.targetVersion(), now, error);
        return TenantUpgradeStatus.FAILED;
    }

    private Optional<String> readVersion(LedgerEntry tenant) {
        try {
            return databases.installedVersion(databases.serverOfSociete(tenant.societeId(), tenant.societeCode()),
                    tenant.databaseName());
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private String details(Campaign campaign, LedgerEntry tenant, String from, String now, String error) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("campaignId", campaign.id());
        details.put("targetVersion", campaign.targetVersion());
        details.put("societeId", tenant.societeId());
        details.put("societeCode", tenant.societeCode());
        details.put("fromVersion", from);
        details.put("schemaVersion", now);
        details.put("error", error);
        return json.writeValueAsString(details);
    }
}
