package com.topsteel.provisioning.worker.tenantdb;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.saga.StepFaults;

/**
 * The tenant databases, each on its société's server ({@link #serverOf}): taken from the warm pool
 * ({@link TenantPool}, the primary server's), else copied from that server's
 * {@link TenantTemplate} (or created empty), tagged with
 * the job that created them, so that a rollback never drops a database some other job or person
 * made; migrated with the TENANT migrations (only what the template lacks); written through a
 * single short-lived connection.
 */
@Component
public class TenantDatabases {

    private static final Logger log = LoggerFactory.getLogger(TenantDatabases.class);
    private static final int RENAME_ATTEMPTS = 8;
    private static final String OBJECT_IN_USE = "55006";

    private final PostgresServer postgres;
    private final DatabaseServers servers;
    private final DatabaseServerRegistry registry;
    private final TenantTemplate template;
    private final TenantMigrations migrations;
    private final JdbcClient auth;
    private final TenantPool pool;
    private final TenantPoolSettings poolSettings;
    private final SocieteIndependentSeed independentSeed;
    private final TenantPoolMetrics poolMetrics;
    private final StepFaults faults;
    private final ApplicationEventPublisher events;

    TenantDatabases(DatabaseServers servers, DatabaseServerRegistry registry, TenantTemplate template,
            TenantMigrations migrations, JdbcClient auth, TenantPool pool, TenantPoolSettings poolSettings,
            SocieteIndependentSeed independentSeed, TenantPoolMetrics poolMetrics, StepFaults faults,
            ApplicationEventPublisher events) {
        this.postgres = servers.primary();
        this.servers = servers;
        this.registry = registry;
        this.template = template;
        this.migrations = migrations;
        this.auth = auth;
        this.pool = pool;
        this.poolSettings = poolSettings;
        this.independentSeed = independentSeed;
        this.poolMetrics = poolMetrics;
        this.faults = faults;
        this.events = events;
    }

    /** The start of every tenant database's comment; the job id follows. */
    static final String OWNERSHIP_TAG_PREFIX = "created by topsteel provisioning job ";

    static String ownershipTag(UUID jobId) {
        return OWNERSHIP_TAG_PREFIX + jobId;
    }

    /** The server the job's société is on (its database, and any copy of it, are there). */
    public PostgresServer serverOf(JobContext job) {
        return serverOfSociete(job.tenant().societeId(), job.tenant().code());
    }

    /** The server a société is on, as AUTH records it; a société gone or on a server this worker lacks fails for good. */
    public PostgresServer serverOfSociete(UUID societeId, String code) {
        String name = registry.serverOf(societeId)
                .orElseThrow(() -> new PermanentStepFailure("société " + code + " has no record: its server is unknown"));
        try {
            return servers.named(name);
        } catch (DatabaseServers.UnknownDatabaseServer unknown) {
            throw new PermanentStepFailure("société " + code + ": " + unknown.getMessage());
        }
    }

    /** The job a database's ownership tag names, if it carries one (a comment anyone could have written: check the job). */
    public Optional<UUID> taggedFor(PostgresServer server, String database) {
        return jobNamedBy(commentOf(server, database));
    }

    /** The job an ownership tag names; empty for any other comment. */
    static Optional<UUID> jobNamedBy(String comment) {
        if (comment == null || !comment.startsWith(OWNERSHIP_TAG_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(comment.substring(OWNERSHIP_TAG_PREFIX.length())));
        } catch (IllegalArgumentException notAJobId) {
            return Optional.empty();
        }
    }

    /** The database's comment, empty when it has none. */
    public String commentOf(PostgresServer server, String database) {
        return server.databaseComment(database).orElse("");
    }

    /**
     * The job's tenant database, on its société's server: taken from the warm pool (on the primary)
     * or copied from that server's template, and tagged with the job.
     */
    public void createFor(JobContext job) {
        create(serverOf(job), job.tenant().databaseName(), job.jobId());
    }

    /** Undoes {@link #createFor}: only a database this job created is dropped, and a pool database it claimed. */
    public void dropIfCreatedBy(JobContext job) {
        dropIfCreatedBy(serverOf(job), job.tenant().databaseName(), job.jobId());
        pool.claimedBy(job.jobId()).ifPresent(claimed -> {
            postgres.dropDatabase(claimed);
            pool.forget(claimed);
            log.info("Dropped warm pool database {}, claimed by job {} and not renamed", claimed, job.jobId());
        });
    }

    /** Migrates the job's database to this worker's newest version and records that version on its société. */
    public void migrate(JobContext job) {
        String version = migrate(serverOf(job), job.tenant().databaseName());
        auth.sql("update societes set schema_version = :version, schema_status = 'CURRENT', updated_at = now() where id = :id")
                .param("version", version)
                .param("id", job.tenant().societeId())
                .update();
    }

    /**
     * {@code DROP DATABASE ... WITH (FORCE)} of a société being destroyed, on its server, and only of
     * the tenant database its code names: never AUTH, SHARED or any other database, whatever a row might say.
     */
    public void dropForDestroy(JobContext job) {
        String expected = SocieteCode.databaseName(postgres.settings().tenantDatabasePrefix(), job.tenant().code());
        if (!expected.equals(job.tenant().databaseName())) {
            throw new PermanentStepFailure("refusing to drop " + job.tenant().databaseName() + ": société "
                    + job.tenant().code() + " owns " + expected);
        }
        PostgresServer server = serverOf(job);
        server.dropDatabase(expected);
        log.info("Dropped database {} on server {}", expected, server.name());
    }

    /**
     * Creates the database for this job on {@code server} — on the primary a warm pool database
     * renamed, or else a copy of the server's template —; already created by this same job counts as done.
     */
    public void create(PostgresServer server, String database, UUID jobId) {
        createFrom(server, database, jobId, true);
    }

    /**
     * An empty database for this job on {@code server}, for a restore (never a pool database: those
     * are seeded); already created by this same job counts as done.
     */
    public void createEmpty(PostgresServer server, String database, UUID jobId) {
        createFrom(server, database, jobId, false);
    }

    private void createFrom(PostgresServer server, String database, UUID jobId, boolean fromTemplate) {
        if (exists(server, database)) {
            if (!createdBy(server, database, jobId)) {
                throw new PermanentStepFailure("database " + database + " already exists and was not created by job " + jobId
                        + " (server " + server.name() + ")");
            }
            // the job may have died between CREATE and COMMENT: tag it now
            server.tagDatabase(database, ownershipTag(jobId));
            log.info("Database {} on server {} already created by job {}", database, server.name(), jobId);
            return;
        }
        recordIntent(database, jobId);
        if (fromTemplate && servers.isPrimary(server) && takeFromPool(database, jobId)) {
            return;
        }
        String source = fromTemplate ? template.name(server).orElse("template0") : "template0";
        server.createDatabase(database, source, ownershipTag(jobId));
        log.info("Created database {} from {} (server {})", database, source, server.name());
    }

    /**
     * Claims a ready pool database (or finds the one this job claimed in an attempt that died),
     * tags it with the job — so the compensation and every later attempt recognise it — and renames
     * it to the tenant's name. False when the pool has none for this worker's template and seed.
     */
    private boolean takeFromPool(String database, UUID jobId) {
        Optional<String> version = template.version();
        while (true) {
            // an earlier attempt's claim is finished even by a worker whose pool is off
            Optional<String> member = pool.claimedBy(jobId);
            boolean fresh = member.isEmpty();
            if (fresh) {
                if (!poolSettings.enabled() || version.isEmpty()) {
                    return false;
                }
                member = pool.claim(TenantPool.DEFAULT_SERVER, version.get(), independentSeed.fingerprint(), jobId);
            }
            if (member.isEmpty()) {
                poolMetrics.claimed(TenantPool.DEFAULT_SERVER, false);
                return false;
            }
            String claimed = member.get();
            if (!PostgresServer.databaseExists(auth, claimed)) {
                // dropped behind the pool's back: forget it and take another
                pool.forget(claimed);
                continue;
            }
            faults.afterPoolClaim(database);
            tagAndRenameWhenUnused(claimed, ownershipTag(jobId), database);
            pool.forget(claimed);
            if (fresh) {
                poolMetrics.claimed(TenantPool.DEFAULT_SERVER, true);
            }
            events.publishEvent(new TenantPoolRefill.PoolMemberClaimed(TenantPool.DEFAULT_SERVER));
            log.info("Database {} taken from the warm pool ({}) for job {}", database, claimed, jobId);
            return true;
        }
    }

    /**
     * Tagged first, so from the rename on the database is the job's by the same proof as a copy. The
     * session that seeded a pool database may take a few milliseconds to end after its connection
     * closed, and PostgreSQL refuses to rename a database someone is connected to.
     */
    private void tagAndRenameWhenUnused(String database, String tag, String newName) {
        for (int attempt = 1; ; attempt++) {
            try {
                postgres.tagAndRenameDatabase(database, tag, newName);
                if (attempt > 1) {
                    log.info("Database {} renamed to {} at attempt {}: a session was still connected to it", database,
                            newName, attempt);
                }
                return;
            } catch (DataAccessException inUse) {
                if (attempt == RENAME_ATTEMPTS || !(inUse.getMostSpecificCause() instanceof SQLException sql
                        && OBJECT_IN_USE.equals(sql.getSQLState()))) {
                    throw inUse;
                }
                sleep(Duration.ofMillis(20L * attempt));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to rename a pool database", e);
        }
    }

    /** Drops the database only when this job created it; anything else is left untouched. */
    public void dropIfCreatedBy(PostgresServer server, String database, UUID jobId) {
        if (!exists(server, database)) {
            return;
        }
        if (!createdBy(server, database, jobId)) {
            log.warn("Not dropping database {} on server {}: it was not created by job {}", database, server.name(), jobId);
            return;
        }
        server.dropDatabase(database);
        log.info("Dropped database {} on server {}", database, server.name());
    }

    /** Whether the server has the database; on the primary through the AUTH pool, sparing a connection. */
    public boolean exists(PostgresServer server, String database) {
        return servers.isPrimary(server) ? PostgresServer.databaseExists(auth, database) : server.databaseExists(database);
    }

    /** Tagged by this job, or untagged while this job had said it was about to create it. */
    public boolean createdBy(PostgresServer server, String database, UUID jobId) {
        String comment = commentOf(server, database);
        if (comment.equals(ownershipTag(jobId))) {
            return true;
        }
        return comment.isEmpty() && auth.sql("select job_id from provisioning.tenant_databases where database_name = :name")
                .param("name", database)
                .query(UUID.class)
                .optional()
                .filter(jobId::equals)
                .isPresent();
    }

    /** Before CREATE DATABASE: this job means to create it (an earlier job's stale intent is replaced). */
    private void recordIntent(String database, UUID jobId) {
        auth.sql("""
                insert into provisioning.tenant_databases (database_name, job_id) values (:name, :jobId)
                on conflict (database_name) do update set job_id = excluded.job_id, created_at = now()""")
                .param("name", database)
                .param("jobId", jobId)
                .update();
    }

    /**
     * Brings the database to this worker's newest TENANT version and returns it. A copy of the
     * template at that version is byte for byte the template: Flyway would find nothing to do, so
     * it is not run (a tenth of a second per tenant).
     */
    public String migrate(PostgresServer server, String database) {
        Optional<String> templateVersion = template.version();
        try (TenantConnection tenant = open(server, database)) {
            Optional<String> installed = tenant.installedVersion();
            if (templateVersion.isPresent() && templateVersion.equals(installed)) {
                log.info("Database {} at version {} as copied from the template: nothing to migrate", database,
                        templateVersion.get());
                return installed.get();
            }
            String target = migrations.newestVersion();
            Optional<String> reached = tenant.migrateTo(target);
            if (!reached.equals(Optional.of(target))) {
                throw new PermanentStepFailure("database " + database + " is at version " + reached.orElse("none")
                        + " after migrating to " + target);
            }
            log.info("Database {} on server {} migrated to version {}", database, server.name(), target);
            return target;
        }
    }

    /**
     * One connection to a tenant database for a caller that reads its version, migrates it and
     * reads it again: one connection instead of one per question, which a fleet upgrade asks of
     * hundreds of databases. Closing it closes the connection.
     */
    public TenantConnection open(PostgresServer server, String database) {
        PostgresSettings settings = server.settings();
        return new TenantConnection(new SingleConnectionDataSource(settings.jdbcUrl(database), settings.username(),
                settings.password(), true));
    }

    /** See {@link #open}. */
    public final class TenantConnection implements AutoCloseable {

        private final SingleConnectionDataSource connection;

        private TenantConnection(SingleConnectionDataSource connection) {
            this.connection = connection;
        }

        /** See {@link TenantMigrations#installedVersion}. */
        public Optional<String> installedVersion() {
            return TenantMigrations.installedVersion(JdbcClient.create(connection));
        }

        /** See {@link TenantMigrations#migrate}. */
        public Optional<String> migrateTo(String targetVersion) {
            return migrations.migrate(connection, targetVersion);
        }

        @Override
        public void close() {
            connection.destroy();
        }
    }

    /** The version the database's Flyway history says it is at (see {@link TenantMigrations#installedVersion}). */
    public Optional<String> installedVersion(PostgresServer server, String database) {
        try (TenantConnection tenant = open(server, database)) {
            return tenant.installedVersion();
        }
    }

    /** Runs {@code work} in one transaction over one connection to the job's tenant database, on its server. */
    public void inTransaction(JobContext job, Consumer<JdbcClient> work) {
        inTransaction(serverOf(job), job.tenant().databaseName(), work);
    }

    /** Runs {@code work} in one transaction over one connection to the tenant database, closed afterwards. */
    public void inTransaction(PostgresServer server, String database, Consumer<JdbcClient> work) {
        withConnection(server, database, connection -> {
            new TransactionTemplate(new DataSourceTransactionManager(connection))
                    .executeWithoutResult(status -> work.accept(JdbcClient.create(connection)));
            return null;
        });
    }

    /** Runs {@code work} over one connection to the tenant database, closed afterwards: no pool is kept per tenant. */
    private <T> T withConnection(PostgresServer server, String database, Function<SingleConnectionDataSource, T> work) {
        try (TenantConnection tenant = open(server, database)) {
            return work.apply(tenant.connection);
        }
    }
}
