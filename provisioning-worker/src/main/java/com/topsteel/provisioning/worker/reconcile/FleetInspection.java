package com.topsteel.provisioning.worker.reconcile;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.move.TenantMoves;
import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.DriftKind;
import com.topsteel.provisioning.jobs.reconcile.DriftSeverity;
import com.topsteel.provisioning.jobs.reconcile.FleetRecords;
import com.topsteel.provisioning.jobs.reconcile.FleetRecords.SeenSociete;
import com.topsteel.provisioning.jobs.reconcile.RepairAction;
import com.topsteel.provisioning.jobs.upgrade.LedgerEntry;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.jobs.upgrade.Workers;
import com.topsteel.provisioning.worker.backup.SetAsideDatabases;
import com.topsteel.provisioning.worker.intake.JobExecution;
import com.topsteel.provisioning.worker.saga.JobLease;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantPool;
import com.topsteel.provisioning.worker.tenantdb.TenantTemplate;
import com.topsteel.provisioning.worker.tenantdb.TenantTemplate.VersionedTemplate;

/**
 * Compares the AUTH records with the PostgreSQL server and lists each difference as a {@link Drift}:
 * a typed finding and the guarded repair it proposes. Looking changes nothing. Work in progress
 * is not drift: what a queued or running job works on is left out, and a candidate is looked at
 * twice (records, server, records again) before it is a finding.
 */
@Component
class FleetInspection {

    private static final Logger log = LoggerFactory.getLogger(FleetInspection.class);

    private final FleetRecords records;
    private final DatabaseServers servers;
    private final TenantDatabases databases;
    private final TenantTemplate template;
    private final TenantPool pool;
    private final Workers workers;
    private final UpgradeCampaigns campaigns;
    private final JobLease lease;
    /** Looked up when a job is taken over: it runs the sagas, this among them. */
    private final ObjectProvider<JobExecution> execution;
    private final Jobs jobs;
    private final TransactionTemplate transaction;
    private final ReconcileSettings settings;
    private final SetAsideDatabases setAside;

    FleetInspection(FleetRecords records, DatabaseServers servers, TenantDatabases databases, TenantTemplate template,
            TenantPool pool, Workers workers, UpgradeCampaigns campaigns, JobLease lease, ObjectProvider<JobExecution> execution, Jobs jobs,
            TransactionTemplate transaction, ReconcileSettings settings, SetAsideDatabases setAside) {
        this.records = records;
        this.servers = servers;
        this.databases = databases;
        this.template = template;
        this.pool = pool;
        this.workers = workers;
        this.campaigns = campaigns;
        this.lease = lease;
        this.execution = execution;
        this.jobs = jobs;
        this.transaction = transaction;
        this.settings = settings;
        this.setAside = setAside;
    }

    List<Drift> inspect() {
        List<Drift> drifts = new ArrayList<>();
        drifts.addAll(missingDatabases());
        drifts.addAll(orphanDatabases());
        drifts.addAll(stuckSocietes());
        drifts.addAll(abandonedJobs());
        drifts.addAll(tenantsBehind());
        drifts.addAll(orphanUsers());
        drifts.addAll(templateLeftovers());
        drifts.addAll(poolLeftovers());
        return drifts;
    }

    /** A société that should have a database and has none; DEGRADED ones stay reported until an operator decides. */
    private List<Drift> missingDatabases() {
        List<Drift> found = new ArrayList<>();
        for (SeenSociete societe : records.expectingDatabase()) {
            Optional<PostgresServer> server = servers.find(societe.server());
            if (server.isEmpty()) {
                log.warn("Reconciler: société {} is on server {}, which this worker is not configured with: not inspected",
                        societe.code(), societe.server());
                continue;
            }
            if (databases.exists(server.get(), societe.databaseName())
                    || !records.unworked(societe.id()).equals(Optional.of(societe))) {
                continue;
            }
            if (societe.status() == SocieteStatus.DEGRADED) {
                found.add(Drift.reportOnly(DriftFinding.found(DriftKind.MISSING_DATABASE, DriftSeverity.CRITICAL, societe.code(),
                        RepairAction.REPORT, "DEGRADED: its database " + societe.databaseName() + " is missing on server "
                                + societe.server() + "; restore it from a backup, or destroy the société", null)));
                continue;
            }
            found.add(new Drift(DriftFinding.found(DriftKind.MISSING_DATABASE, DriftSeverity.CRITICAL, societe.code(),
                    RepairAction.MARK_DEGRADED, societe.status() + " but its database " + societe.databaseName()
                            + " is missing on server " + societe.server() + " (never recreated empty)", null),
                    () -> markDegraded(societe, "its database " + societe.databaseName() + " is missing")));
        }
        return found;
    }

    /**
     * A tenant database no société names and no job works on, on any server; dropped only with the
     * proof of a finished job of ours.
     */
    private List<Drift> orphanDatabases() {
        List<Drift> found = new ArrayList<>();
        for (PostgresServer server : servers.all()) {
            found.addAll(orphanDatabases(server));
        }
        return found;
    }

    private List<Drift> orphanDatabases(PostgresServer postgres) {
        PostgresSettings server = postgres.settings();
        String prefix = server.tenantDatabasePrefix();
        List<String> candidates = postgres.databasesStartingWith(prefix).stream()
                .filter(name -> !name.equals(server.authDatabase()) && !name.equals(server.sharedDatabase())
                        && !name.equals(server.maintenanceDatabase())
                        && !name.startsWith(prefix + SocieteCode.TEMPLATE_PREFIX)
                        && !name.startsWith(pool.namePrefix())
                        && !name.equals(prefix + "template"))
                .toList();
        Set<String> claimed = records.claimed(postgres.name(), candidates);
        List<Drift> found = new ArrayList<>();
        for (String database : candidates) {
            if (claimed.contains(database) || !postgres.databaseExists(database)) {
                continue;
            }
            found.add(orphan(postgres, database));
        }
        return found;
    }

    private Drift orphan(PostgresServer server, String database) {
        Optional<String> setAsideProof = setAside.proofOfDroppable(server, database);
        if (setAsideProof.isPresent()) {
            // its restore's follow-up drop has not run yet, or failed: the restore's record is the proof
            return new Drift(DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, database,
                    RepairAction.DROP_DATABASE, "the previous database of a restore that succeeded, not dropped yet",
                    setAsideProof.get()),
                    () -> {
                        if (!setAside.dropIfProven(server, database)) {
                            throw new Drift.Refused("its restore's record changed since it was found");
                        }
                        log.warn("Reconciler: dropped database {} on server {}; proof: {}", database, server.name(), setAsideProof.get());
                        return "dropped; proof: " + setAsideProof.get();
                    });
        }
        Optional<UUID> taggedFor = databases.taggedFor(server, database);
        if (taggedFor.isEmpty()) {
            String comment = databases.commentOf(server, database);
            return Drift.reportOnly(DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, database,
                    RepairAction.REPORT, "no société names it and it carries no ownership tag of this service"
                            + (comment.isEmpty() ? "" : " (its comment: " + abbreviated(comment) + ")")
                            + ": never dropped, look at it by hand", null));
        }
        UUID jobId = taggedFor.get();
        Optional<Job> job = records.job(jobId);
        if (job.isEmpty() || !job.get().status().isFinished() || job.get().tenant() == null
                || !(database.equals(job.get().tenant().databaseName()) || isMoveCopy(server, database, job.get()))) {
            return Drift.reportOnly(DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, database,
                    RepairAction.REPORT, "no société names it; its tag names job " + jobId + ", "
                            + job.map(found -> "which is " + found.status() + (found.tenant() == null ? ""
                                    : " for " + found.tenant().databaseName())).orElse("which this service does not know")
                            + ": no proof it is ours to drop", null));
        }
        Job owner = job.get();
        String proof = "server " + server.name() + "; comment \"" + databases.commentOf(server, database) + "\"; job " + owner.id() + " (" + owner.type() + ") for "
                + database + " " + owner.status() + " at " + owner.finishedAt();
        OffsetDateTime graceEnds = owner.finishedAt().plus(settings.orphanGrace());
        if (graceEnds.isAfter(OffsetDateTime.now())) {
            return Drift.reportOnly(DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, database,
                    RepairAction.REPORT, "no société names it; created by finished job " + owner.id()
                            + ": dropped once its grace period ends, at " + graceEnds, proof));
        }
        return new Drift(DriftFinding.found(DriftKind.ORPHAN_DATABASE, DriftSeverity.WARNING, database,
                RepairAction.DROP_DATABASE, "no société names it; created by job " + owner.id() + ", finished at "
                        + owner.finishedAt() + ", grace period over", proof),
                () -> dropOrphan(server, database, owner, proof));
    }

    /** The copy a move job makes on its target: once the job is over and its undo did not drop it, a leftover with proof. */
    private static boolean isMoveCopy(PostgresServer server, String database, Job job) {
        return job.type() == JobType.MOVE_TENANT
                && database.equals(TenantMoves.copyName(server.settings().tenantDatabasePrefix(), job.id()));
    }

    private String dropOrphan(PostgresServer server, String database, Job owner, String proof) throws Drift.Refused {
        // the proof is taken again just before the drop: tag, job, and nobody claiming the database
        if (!databases.taggedFor(server, database).equals(Optional.of(owner.id()))
                || !records.job(owner.id()).map(job -> job.status().isFinished()).orElse(false)
                || !records.claimed(server.name(), List.of(database)).isEmpty()) {
            throw new Drift.Refused("its tag, its job or its société changed since it was found");
        }
        log.warn("Reconciler: dropping orphan database {} on server {}; proof of ownership: {}", database, server.name(), proof);
        server.dropDatabase(database);
        return "dropped; proof: " + proof;
    }

    /**
     * PROVISIONING, DELETING or MAINTENANCE with no job on it: a failed destroy is finished, anything else
     * marked DEGRADED (a restore whose undo failed leaves MAINTENANCE behind).
     */
    private List<Drift> stuckSocietes() {
        List<Drift> found = new ArrayList<>();
        for (FleetRecords.StuckSociete stuck : records.stuck(settings.stuckAfter())) {
            SeenSociete societe = stuck.societe();
            String since = societe.status() + " since " + societe.updatedAt() + " with no job queued or running";
            Optional<Job> failedDestroy = stuck.newestJob().filter(job -> FleetRecords.finishesDeletion(societe, job));
            if (failedDestroy.isPresent()) {
                Job destroy = failedDestroy.get();
                found.add(new Drift(DriftFinding.found(DriftKind.STUCK_SOCIETE, DriftSeverity.WARNING, societe.code(),
                        RepairAction.REQUEUE_JOB, since + "; its destroy job " + destroy.id() + " FAILED", null),
                        () -> requeue(destroy)));
            } else {
                found.add(new Drift(DriftFinding.found(DriftKind.STUCK_SOCIETE, DriftSeverity.WARNING, societe.code(),
                        RepairAction.MARK_DEGRADED, since + stuck.newestJob()
                                .map(job -> "; its newest job " + job.id() + " (" + job.type() + ") is " + job.status())
                                .orElse("; no job ever worked on it"), null),
                        () -> markDegraded(societe, since)));
            }
        }
        return found;
    }

    private String requeue(Job destroy) throws Drift.Refused {
        try {
            Job requeued = transaction.execute(status -> jobs.requeue(destroy));
            return "destroy job " + requeued.id() + " queued again (run " + requeued.runId() + ")";
        } catch (JobConflictException changed) {
            throw new Drift.Refused(changed.getMessage());
        }
    }

    private String markDegraded(SeenSociete societe, String why) throws Drift.Refused {
        if (!records.markDegraded(societe)) {
            throw new Drift.Refused("société " + societe.code() + " changed since it was found");
        }
        log.error("Reconciler: société {} marked DEGRADED (was {}): {}", societe.code(), societe.status(), why);
        return "société " + societe.code() + " is DEGRADED";
    }

    /** RUNNING, unchanged for a while, and no attempt holds its lease: its worker died. */
    private List<Drift> abandonedJobs() {
        List<Drift> found = new ArrayList<>();
        for (Job job : records.runningUnchangedFor(settings.abandonedAfter())) {
            // an attempt holds the lease from before RUNNING until after its last status: free now and
            // still RUNNING, unchanged, afterwards means nobody held it in between
            if (lease.isHeld(job.id()) || !records.job(job.id())
                    .filter(now -> now.status() == JobStatus.RUNNING && now.updatedAt().equals(job.updatedAt())).isPresent()) {
                continue;
            }
            found.add(new Drift(DriftFinding.found(DriftKind.ABANDONED_JOB, DriftSeverity.WARNING, job.id().toString(),
                    RepairAction.TAKE_OVER_JOB, job.type() + (job.tenant() == null ? "" : " of " + job.tenant().code())
                            + " RUNNING since " + job.updatedAt() + " after " + job.attempts()
                            + " attempt(s), and no attempt holds its lease", null),
                    () -> {
                        if (!execution.getObject().resumeIfAbandoned(job.id())) {
                            throw new Drift.Refused("the job moved on, or an attempt holds it now");
                        }
                        return "handed to JobRunr: the next attempt resumes from its step log";
                    }));
        }
        return found;
    }

    /** Behind the newest version a live worker knows, with no campaign running: reported, an upgrade suggested. */
    private List<Drift> tenantsBehind() {
        Optional<String> newest = workers.newestKnownVersion();
        if (newest.isEmpty() || records.campaignInProgress()) {
            return List.of();
        }
        List<Drift> found = new ArrayList<>();
        for (LedgerEntry tenant : campaigns.plan(newest.get())) {
            found.add(Drift.reportOnly(DriftFinding.found(DriftKind.BEHIND_SCHEMA, DriftSeverity.INFO, tenant.societeCode(),
                    RepairAction.REPORT, "at TENANT schema version " + Optional.ofNullable(tenant.fromVersion()).orElse("unknown")
                            + ", behind " + newest.get() + ": start an upgrade campaign (POST /api/ops/upgrades)", null)));
        }
        return found;
    }

    private List<Drift> orphanUsers() {
        return records.orphanUsers().stream()
                .map(user -> new Drift(DriftFinding.found(DriftKind.ORPHAN_USER, DriftSeverity.WARNING, user.email(),
                        RepairAction.REMOVE_USER, "a default user linked to no société, and no société has its code", null),
                        () -> {
                            if (!records.removeOrphanUser(user.id())) {
                                throw new Drift.Refused("the user was linked, or its société created, since");
                            }
                            log.info("Reconciler: removed user {}, linked to no société", user.email());
                            return "user removed with its settings";
                        }))
                .toList();
    }

    /** Templates of versions no live worker builds from, older than the newest in use; the unversioned one is only reported. */
    private List<Drift> templateLeftovers() {
        List<Drift> found = new ArrayList<>();
        for (PostgresServer server : servers.all()) {
            found.addAll(templateLeftovers(server));
        }
        return found;
    }

    private List<Drift> templateLeftovers(PostgresServer server) {
        Set<String> inUse = workers.liveVersions();
        List<Drift> found = new ArrayList<>();
        for (VersionedTemplate leftover : template.versionedTemplates(server)) {
            if (!template.isLeftover(leftover, inUse)) {
                continue;
            }
            String proof = "server " + server.name() + ", named " + leftover.database() + ": a template of version " + leftover.schemaVersion()
                    + "; live workers build from " + inUse;
            found.add(new Drift(DriftFinding.found(DriftKind.TEMPLATE_LEFTOVER, DriftSeverity.INFO, leftover.database(),
                    RepairAction.DROP_TEMPLATE, "template of version " + leftover.schemaVersion()
                            + ", which no live worker builds from", proof),
                    () -> {
                        if (!template.dropLeftover(server, leftover, workers.liveVersions())) {
                            throw new Drift.Refused("a live worker builds from it again, or it is gone");
                        }
                        log.warn("Reconciler: dropped template {} on server {}; proof: {}", leftover.database(),
                                server.name(), proof);
                        return "dropped; proof: " + proof;
                    }));
        }
        template.unversionedTemplate(server).ifPresent(unversioned -> found.add(Drift.reportOnly(DriftFinding.found(
                DriftKind.TEMPLATE_LEFTOVER, DriftSeverity.INFO, unversioned, RepairAction.REPORT,
                "the template of the release before fleet upgrades: its workers do not say they are live, so it is"
                        + " dropped by the next upgrade campaign that completes, not here", null))));
        return found;
    }

    /**
     * Pool-named databases the pool's records do not know (a recorded one, in any state, is the
     * refill's to look after): dropped when tagged as a pool member of this AUTH database, which no
     * tenant and no job's claim ever is; anything else only reported.
     */
    private List<Drift> poolLeftovers() {
        // the warm pool is the primary server's (docs/warm-pool.md)
        PostgresServer postgres = servers.primary();
        List<Drift> found = new ArrayList<>();
        for (String database : postgres.databasesStartingWith(pool.namePrefix())) {
            if (pool.isRecorded(database) || !postgres.databaseExists(database)) {
                continue;
            }
            String comment = databases.commentOf(postgres, database);
            if (!pool.isTaggedMember(database)) {
                found.add(Drift.reportOnly(DriftFinding.found(DriftKind.POOL_LEFTOVER, DriftSeverity.WARNING, database,
                        RepairAction.REPORT, "named as a warm pool database, unknown to the pool's records and not tagged"
                                + " as a pool member of this service" + (comment.isEmpty() ? "" : " (its comment: "
                                + abbreviated(comment) + ")") + ": never dropped, look at it by hand", null)));
                continue;
            }
            String proof = "comment \"" + comment + "\"; no record in provisioning.tenant_pool";
            found.add(new Drift(DriftFinding.found(DriftKind.POOL_LEFTOVER, DriftSeverity.INFO, database,
                    RepairAction.DROP_DATABASE, "a warm pool database the pool's records do not know", proof),
                    () -> {
                        // the proof again, just before the drop
                        if (pool.isRecorded(database) || !pool.isTaggedMember(database)) {
                            throw new Drift.Refused("it is recorded in the pool now, or no longer tagged as a member");
                        }
                        log.warn("Reconciler: dropping warm pool leftover {}; proof: {}", database, proof);
                        postgres.dropDatabase(database);
                        return "dropped; proof: " + proof;
                    }));
        }
        return found;
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
