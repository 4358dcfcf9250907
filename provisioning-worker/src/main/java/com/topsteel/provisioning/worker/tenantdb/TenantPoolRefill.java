package com.topsteel.provisioning.worker.tenantdb;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.SchemaVersions;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.reconcile.FleetRecords;
import com.topsteel.provisioning.jobs.upgrade.Workers;
import com.topsteel.provisioning.worker.saga.StepFaults;

/**
 * Keeps the warm pool topped up, in the background, one database at a time per server across
 * every worker (a session advisory lock, so a worker that dies frees it with its session): each
 * round first recovers what crashes left — members of a refill that died, claims whose job is over,
 * pool databases nobody recorded —, then copies and seeds members of this worker's template
 * version until the pool has {@code provisioning.tenant-pool.size}, then drops members of an older
 * template or other seed rows.
 * A round runs every {@code refill-interval} and right after a claim.
 */
@Component
class TenantPoolRefill implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantPoolRefill.class);
    /** "pool" in ASCII: the advisory lock's first key; the second is the AUTH database and server. */
    private static final int LOCK_CLASS = 0x706f6f6c;

    private final TenantPool pool;
    private final TenantDatabases databases;
    private final TenantTemplate template;
    private final SocieteIndependentSeed seed;
    private final PostgresServer postgres;
    private final TenantPoolSettings settings;
    private final Workers workers;
    private final FleetRecords jobs;
    private final StepFaults faults;
    private final TenantPoolMetrics metrics;
    private final AtomicBoolean roundPending = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    TenantPoolRefill(TenantPool pool, TenantDatabases databases, TenantTemplate template, SocieteIndependentSeed seed, PostgresServer postgres,
            TenantPoolSettings settings, Workers workers, FleetRecords jobs, StepFaults faults, TenantPoolMetrics metrics) {
        this.pool = pool;
        this.databases = databases;
        this.template = template;
        this.seed = seed;
        this.postgres = postgres;
        this.settings = settings;
        this.workers = workers;
        this.jobs = jobs;
        this.faults = faults;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tenant-pool-refill");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.refillInterval().toMillis();
        executor.scheduleWithFixedDelay(this::round, 0, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            // a copy under way finishes (PostgreSQL does not stop it); its record says CREATING until the next round
            running.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /**
     * A job took a member: top the pool up soon rather than at the next interval — not at once, so
     * the copy does not compete with the rest of that job (its seed rows, its users' hashes) on the
     * same cores and disk.
     */
    @EventListener
    void memberClaimed(PoolMemberClaimed claimed) {
        ScheduledExecutorService running = executor;
        if (running != null && roundPending.compareAndSet(false, true)) {
            running.schedule(this::round, AFTER_A_CLAIM.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static final java.time.Duration AFTER_A_CLAIM = java.time.Duration.ofMillis(500);

    private void round() {
        roundPending.set(false);
        Optional<String> version = template.version();
        if (version.isEmpty()) {
            return;
        }
        try {
            withRefillLock(TenantPool.DEFAULT_SERVER, () -> {
                recover(TenantPool.DEFAULT_SERVER);
                fill(TenantPool.DEFAULT_SERVER, version.get());
                // after the fill: stale members are never handed out, and a DROP DATABASE waits for a checkpoint
                dropStale(TenantPool.DEFAULT_SERVER, version.get());
            });
        } catch (RuntimeException failed) {
            log.warn("Warm pool round failed: {}", failed.toString());
        }
    }

    /** Runs the work if no other worker (or round) holds the server's refill lock; otherwise skips it. */
    private void withRefillLock(String server, Runnable work) {
        PostgresSettings settings = postgres.settings();
        SingleConnectionDataSource lockConnection = new SingleConnectionDataSource(
                settings.jdbcUrl(settings.maintenanceDatabase()), settings.username(), settings.password(), true);
        try {
            JdbcClient session = JdbcClient.create(lockConnection);
            String key = settings.authDatabase() + "/" + server;
            boolean locked = session.sql("select pg_try_advisory_lock(:class, hashtext(:key))")
                    .param("class", LOCK_CLASS).param("key", key).query(Boolean.class).single();
            if (!locked) {
                return;
            }
            try {
                work.run();
            } finally {
                session.sql("select pg_advisory_unlock(:class, hashtext(:key))")
                        .param("class", LOCK_CLASS).param("key", key).query(Boolean.class).single();
            }
        } finally {
            lockConnection.destroy();
        }
    }

    /**
     * Under the refill lock, so no refill is under way: what a dead refill or an ended job left goes,
     * and any pool database no record knows (a clean-up that died between its two statements).
     */
    private void recover(String server) {
        for (TenantPool.Member member : pool.members(server)) {
            if (member.state() == TenantPool.State.CREATING) {
                drop(member.database(), "its refill died before it was ready");
            } else if (member.state() == TenantPool.State.CLAIMED) {
                releaseIfJobOver(member);
            }
        }
        for (String database : postgres.databasesStartingWith(pool.namePrefix())) {
            if (!pool.isRecorded(database) && pool.isTaggedMember(database)) {
                postgres.dropDatabase(database);
                log.info("Warm pool database {} dropped: no record of it (a clean-up that died half-way)", database);
            }
        }
    }

    /** Members of an older template or other seed rows go; those of a newer template stay (their worker may be starting). */
    private void dropStale(String server, String version) {
        for (TenantPool.Member member : pool.members(server)) {
            if (member.state() == TenantPool.State.READY && isStale(member, version) && pool.withdrawReady(member.database())) {
                postgres.dropDatabase(member.database());
                log.info("Warm pool database {} (template {}, seed {}) dropped: this worker copies template {}, seed {}",
                        member.database(), member.templateVersion(), member.seedFingerprint(), version, seed.fingerprint());
            }
        }
    }

    /** Older than this worker's template, or of this version with other seed rows; never a newer version. */
    private boolean isStale(TenantPool.Member member, String version) {
        if (!SchemaVersions.isWellFormed(member.templateVersion())) {
            return true;
        }
        int order = SchemaVersions.compare(member.templateVersion(), version);
        return order < 0 || (order == 0 && !member.seedFingerprint().equals(seed.fingerprint()));
    }

    /** A claim whose job ended (or never existed) without renaming the database: the database goes. */
    private void releaseIfJobOver(TenantPool.Member member) {
        UUID jobId = member.claimedByJob();
        if (!postgres.databaseExists(member.database())) {
            pool.forget(member.database());
            return;
        }
        Optional<Job> job = jobs.job(jobId);
        if (job.isEmpty() || job.get().status().isFinished()) {
            drop(member.database(), "claimed by job " + jobId + ", which "
                    + job.map(found -> "is " + found.status()).orElse("does not exist") + " and never renamed it");
        }
    }

    private void drop(String database, String why) {
        postgres.dropDatabase(database);
        pool.forget(database);
        log.info("Warm pool database {} dropped: {}", database, why);
    }

    private void fill(String server, String version) {
        if (!settings.enabled() || newerReleaseLive(version)) {
            return;
        }
        String fingerprint = seed.fingerprint();
        while (executor != null && !Thread.currentThread().isInterrupted()
                && pool.usable(server, version, fingerprint) < settings.size()) {
            createMember(server, version, fingerprint);
        }
    }

    /** A newer release's workers replace this pool with theirs: filling it would only feed their clean-up. */
    private boolean newerReleaseLive(String version) {
        Set<String> live = workers.liveVersions();
        return live.stream().anyMatch(other -> SchemaVersions.isWellFormed(other) && SchemaVersions.compare(other, version) > 0);
    }

    private void createMember(String server, String version, String fingerprint) {
        String database = pool.newMemberName();
        long started = System.nanoTime();
        pool.recordCreating(database, server, version, fingerprint);
        try {
            postgres.createDatabase(database, template.name(postgres).orElseThrow(), pool.memberTag(version, fingerprint));
            faults.beforePoolMemberReady(database);
            databases.inTransaction(postgres, database, seed::seed);
            pool.markReady(database);
            metrics.refilled(server, true, System.nanoTime() - started);
            log.info("Warm pool database {} ready (template {}, seed {})", database, version, fingerprint);
        } catch (RuntimeException failed) {
            metrics.refilled(server, false, System.nanoTime() - started);
            try {
                drop(database, "its refill failed: " + failed);
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }

    /** Published when a job takes a member from the pool. */
    record PoolMemberClaimed(String server) {
    }
}
