package com.topsteel.provisioning.worker.tenantdb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.SchemaVersions;
import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.infrastructure.postgres.SqlIdentifier;

/**
 * The template every tenant database is copied from, one per TENANT schema version
 * ({@code erp_topsteel_template_v3}): a worker builds the template of its newest migration when it
 * starts and copies only from it, so during a rolling deploy workers of the old release keep
 * copying from theirs, undisturbed. A template is closed to connections once built, since
 * PostgreSQL cannot copy a database someone is connected to. Workers starting together take turns
 * through an advisory lock. Templates no live worker uses any more are dropped
 * ({@link #dropObsolete}).
 */
@Component
public class TenantTemplate implements InitializingBean {

    /** Before fleet upgrades the template had no version in its name; it is obsolete once a campaign completes. */
    static final String UNVERSIONED_TEMPLATE_CODE = "template";
    private static final long BUILD_LOCK = 0x746f7073746c4cL;

    private static final Logger log = LoggerFactory.getLogger(TenantTemplate.class);

    private final PostgresServer postgres;
    private final DatabaseServers servers;
    private final TenantTemplateSettings settings;
    private final TenantMigrations migrations;
    private volatile Optional<String> version = Optional.empty();
    /** The servers whose template this worker built or brought up to date since it started. */
    private final Set<String> builtOn = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Object> buildLocks = new ConcurrentHashMap<>();

    TenantTemplate(DatabaseServers servers, TenantTemplateSettings settings, TenantMigrations migrations) {
        this.postgres = servers.primary();
        this.servers = servers;
        this.settings = settings;
        this.migrations = migrations;
    }

    /**
     * The TENANT migration version this worker brought its template to when it started; empty
     * when the template is off. A copy at this version needs no migration.
     */
    public Optional<String> version() {
        return version;
    }

    /**
     * The database new tenants on {@code server} are copied from, or empty to create them empty and
     * migrate them. The primary's template is built when the worker starts, another server's the
     * first time a tenant is created there.
     */
    public Optional<String> name(PostgresServer server) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        if (!builtOn.contains(server.name())) {
            // one build per server in this worker: a second builder would open the template while it is copied
            synchronized (buildLocks.computeIfAbsent(server.name(), name -> new Object())) {
                if (!builtOn.contains(server.name())) {
                    build(server);
                }
            }
        }
        return Optional.of(nameFor(migrations.newestVersion()));
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.enabled()) {
            build(postgres);
        }
    }

    private String nameFor(String schemaVersion) {
        return versionedPrefix() + schemaVersion.replace('.', '_');
    }

    private String versionedPrefix() {
        return postgres.settings().tenantDatabasePrefix() + SocieteCode.TEMPLATE_PREFIX + "v";
    }

    private void build(PostgresServer server) {
        String target = migrations.newestVersion();
        String template = nameFor(target);
        withBuildLock(server, maintenance -> {
            server.createDatabaseIfMissing(template);
            allowConnections(maintenance, template, true);
            Optional<String> reached = migrations.migrate(server.dataSource(template), target);
            allowConnections(maintenance, template, false);
            if (servers.isPrimary(server)) {
                version = reached;
            }
            log.info("Tenant template {} on server {} at version {}", template, server.name(), reached.orElse("none"));
        });
        builtOn.add(server.name());
    }

    /**
     * Drops the templates of versions older than this worker's that no live worker builds from
     * ({@code versionsInUse}), and the
     * unversioned template of the release before fleet upgrades when {@code includeUnversioned}.
     */
    public void dropObsolete(Set<String> versionsInUse, boolean includeUnversioned) {
        if (!settings.enabled()) {
            return;
        }
        for (PostgresServer server : servers.all()) {
            try {
                dropObsolete(server, versionsInUse, includeUnversioned);
            } catch (RuntimeException unreachable) {
                // an obsolete template is only disk space: the reconciler finds it later
                log.warn("Obsolete templates on server {} not dropped: {}", server.name(), unreachable.toString());
            }
        }
    }

    private void dropObsolete(PostgresServer server, Set<String> versionsInUse, boolean includeUnversioned) {
        withBuildLock(server, maintenance -> {
            for (String database : server.databasesStartingWith(versionedPrefix())) {
                String schemaVersion = database.substring(versionedPrefix().length()).replace('_', '.');
                // never a newer one: its worker may have built it and not yet said so
                boolean older = SchemaVersions.isWellFormed(schemaVersion)
                        && SchemaVersions.compare(schemaVersion, migrations.newestVersion()) < 0;
                if (older && !versionsInUse.contains(schemaVersion)) {
                    dropTemplate(server, maintenance, database);
                }
            }
            String unversioned = postgres.settings().tenantDatabasePrefix() + UNVERSIONED_TEMPLATE_CODE;
            if (includeUnversioned && server.databaseExists(unversioned)) {
                dropTemplate(server, maintenance, unversioned);
            }
        });
    }

    /** A versioned template on the server, and the TENANT schema version it is at. */
    public record VersionedTemplate(String database, String schemaVersion) {
    }

    /** The server's versioned templates ({@code {prefix}template_v3}), whichever worker built them. */
    public List<VersionedTemplate> versionedTemplates(PostgresServer server) {
        return server.databasesStartingWith(versionedPrefix()).stream()
                .map(database -> new VersionedTemplate(database, database.substring(versionedPrefix().length()).replace('_', '.')))
                .toList();
    }

    /** The template of the release before fleet upgrades, if it is still there. */
    public Optional<String> unversionedTemplate(PostgresServer server) {
        String unversioned = postgres.settings().tenantDatabasePrefix() + UNVERSIONED_TEMPLATE_CODE;
        return server.databaseExists(unversioned) ? Optional.of(unversioned) : Optional.empty();
    }

    /**
     * Drops one leftover template, checked again under the build lock: a version no live worker
     * builds from ({@code versionsInUse}), older than the newest in use (a newer one may be a worker
     * starting that has not said so yet), and not this worker's.
     *
     * @return whether it was dropped
     */
    public boolean dropLeftover(PostgresServer server, VersionedTemplate leftover, Set<String> versionsInUse) {
        boolean[] dropped = {false};
        withBuildLock(server, maintenance -> {
            if (isLeftover(leftover, versionsInUse) && server.databaseExists(leftover.database())) {
                dropTemplate(server, maintenance, leftover.database());
                dropped[0] = true;
            }
        });
        return dropped[0];
    }

    /** What {@link #dropLeftover} requires, for the reconciler's report. */
    public boolean isLeftover(VersionedTemplate template, Set<String> versionsInUse) {
        Optional<String> newestInUse = versionsInUse.stream().filter(SchemaVersions::isWellFormed).max(SchemaVersions.ORDER);
        return SchemaVersions.isWellFormed(template.schemaVersion())
                && !versionsInUse.contains(template.schemaVersion())
                && !template.database().equals(nameFor(migrations.newestVersion()))
                && newestInUse.filter(newest -> SchemaVersions.compare(template.schemaVersion(), newest) < 0).isPresent();
    }

    private void dropTemplate(PostgresServer server, JdbcClient maintenance, String template) {
        // a template cannot be dropped while it is one: it is made an ordinary database first
        maintenance.sql("alter database " + SqlIdentifier.quote(template) + " with is_template false").update();
        server.dropDatabase(template);
        log.info("Dropped obsolete tenant template {} on server {}", template, server.name());
    }

    private void withBuildLock(PostgresServer on, java.util.function.Consumer<JdbcClient> work) {
        PostgresSettings server = on.settings();
        SingleConnectionDataSource lockConnection = new SingleConnectionDataSource(
                server.jdbcUrl(server.maintenanceDatabase()), server.username(), server.password(), true);
        try {
            JdbcClient maintenance = JdbcClient.create(lockConnection);
            maintenance.sql("select pg_advisory_lock(:key)").param("key", BUILD_LOCK).query().singleRow();
            try {
                work.accept(maintenance);
            } finally {
                maintenance.sql("select pg_advisory_unlock(:key)").param("key", BUILD_LOCK).query().singleRow();
            }
        } finally {
            lockConnection.destroy();
        }
    }

    private static void allowConnections(JdbcClient maintenance, String database, boolean allowed) {
        maintenance.sql("alter database " + SqlIdentifier.quote(database) + " with allow_connections " + allowed).update();
    }
}
