package com.topsteel.provisioning.infrastructure.postgres;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.topsteel.provisioning.contracts.SocieteCode;

/**
 * Where the primary PostgreSQL server is and how the platform's databases are named. The AUTH
 * datasource URL is derived from these, so one place says which server is used. The primary is
 * also the tenant server named {@code default} ({@link DatabaseServers}), {@code maxTenants} its
 * capacity (null: no limit). {@code allowSuperuser}: the production profile refuses to connect as a
 * superuser unless this says it is meant. {@code connectGrantees}: roles besides the service's own
 * that may open the AUTH and SHARED databases (CONNECT is taken from PUBLIC so that no tenant's
 * role can) — the gateway's when it has a role of its own, the ERP's.
 */
@ConfigurationProperties("provisioning.postgres")
public record PostgresSettings(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("5432") int port,
        @DefaultValue("postgres") String username,
        @DefaultValue("") String password,
        @DefaultValue("postgres") String maintenanceDatabase,
        @DefaultValue("erp_topsteel_auth") String authDatabase,
        @DefaultValue("erp_topsteel_shared") String sharedDatabase,
        @DefaultValue(SocieteCode.DEFAULT_DATABASE_PREFIX) String tenantDatabasePrefix,
        Integer maxTenants,
        @DefaultValue("false") boolean allowSuperuser,
        @DefaultValue java.util.List<String> connectGrantees) {

    /** The same naming, on another server reached with other credentials. */
    PostgresSettings onServer(String otherHost, int otherPort, String otherUsername, String otherPassword) {
        return new PostgresSettings(otherHost, otherPort, otherUsername, otherPassword, maintenanceDatabase, authDatabase,
                sharedDatabase, tenantDatabasePrefix, null, allowSuperuser, connectGrantees);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + SqlIdentifier.requireValid(database);
    }
}
