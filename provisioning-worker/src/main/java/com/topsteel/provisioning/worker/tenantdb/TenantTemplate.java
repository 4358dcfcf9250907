package com.topsteel.provisioning.worker.tenantdb;

import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.infrastructure.postgres.SqlIdentifier;

/**
 * The template every tenant database is copied from: a database kept at the current TENANT
 * migration version, built (or brought up to date) when a worker starts, and closed to
 * connections the rest of the time, since PostgreSQL cannot copy a database someone is
 * connected to. Workers starting together take turns through an advisory lock. A copy that
 * meets the template being migrated fails with "being accessed by other users", which the saga
 * retries as transient.
 */
@Component
public class TenantTemplate implements InitializingBean {

    /** Named as a société code could never be ("template" is reserved). */
    static final String TEMPLATE_CODE = "template";
    private static final long BUILD_LOCK = 0x746f7073746c4cL;

    private static final Logger log = LoggerFactory.getLogger(TenantTemplate.class);

    private final PostgresServer postgres;
    private final TenantTemplateSettings settings;
    private volatile Optional<String> version = Optional.empty();

    TenantTemplate(PostgresServer postgres, TenantTemplateSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    /**
     * The TENANT migration version this worker brought the template to when it started; empty
     * when the template is off. A copy at this version needs no migration.
     */
    public Optional<String> version() {
        return version;
    }

    /** The database new tenants are copied from, or empty to create them empty and migrate them. */
    public Optional<String> name() {
        return settings.enabled() ? Optional.of(templateName()) : Optional.empty();
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.enabled()) {
            build();
        }
    }

    private String templateName() {
        return postgres.settings().tenantDatabasePrefix() + TEMPLATE_CODE;
    }

    private void build() {
        PostgresSettings server = postgres.settings();
        String template = templateName();
        SingleConnectionDataSource lockConnection = new SingleConnectionDataSource(
                server.jdbcUrl(server.maintenanceDatabase()), server.username(), server.password(), true);
        try {
            JdbcClient maintenance = JdbcClient.create(lockConnection);
            maintenance.sql("select pg_advisory_lock(:key)").param("key", BUILD_LOCK).query().singleRow();
            postgres.createDatabaseIfMissing(template);
            allowConnections(maintenance, template, true);
            var result = Flyway.configure()
                    .dataSource(postgres.dataSource(template))
                    .locations(TenantDatabases.TENANT_MIGRATIONS)
                    .load()
                    .migrate();
            version = TenantDatabases.installedVersion(JdbcClient.create(postgres.dataSource(template)));
            allowConnections(maintenance, template, false);
            log.info("Tenant template {} at version {} ({} migrations applied now)", template, version.orElse("none"),
                    result.migrationsExecuted);
            maintenance.sql("select pg_advisory_unlock(:key)").param("key", BUILD_LOCK).query().singleRow();
        } finally {
            lockConnection.destroy();
        }
    }

    private static void allowConnections(JdbcClient maintenance, String database, boolean allowed) {
        maintenance.sql("alter database " + SqlIdentifier.quote(database) + " with allow_connections " + allowed).update();
    }
}
