package com.topsteel.provisioning.infrastructure.postgres;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Both services use the AUTH database as their own datasource, located by
 * {@link PostgresSettings} alone. Either may start first on an empty server: each creates the
 * AUTH database when it is missing, then Flyway migrates it (Flyway's advisory lock keeps the
 * two from colliding).
 */
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@EnableConfigurationProperties({PostgresSettings.class, DatabaseServerSettings.class})
public class PostgresAutoConfiguration {

    @Bean
    PostgresServer postgresServer(PostgresSettings settings) {
        return new PostgresServer(settings);
    }

    @Bean
    DatabaseServers databaseServers(PostgresServer primary, DatabaseServerSettings settings) {
        return new DatabaseServers(primary, settings);
    }

    @Bean
    DatabaseServerRegistry databaseServerRegistry(org.springframework.jdbc.core.simple.JdbcClient auth,
            DatabaseServers servers) {
        return new DatabaseServerRegistry(auth, servers);
    }

    /**
     * Production runs with a role that has CREATEDB and CREATEROLE only (docs/servers.md): a service
     * that finds itself a superuser refuses to start, unless {@code allow-superuser} says it is meant.
     */
    @Bean
    @org.springframework.context.annotation.Profile("production")
    Object productionSuperuserGuard(org.springframework.jdbc.core.simple.JdbcClient auth, PostgresSettings settings) {
        boolean superuser = auth.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single();
        if (superuser && !settings.allowSuperuser()) {
            throw new IllegalStateException("connected to PostgreSQL as the superuser " + settings.username()
                    + ": production needs a role with CREATEDB and CREATEROLE only (docs/servers.md);"
                    + " set provisioning.postgres.allow-superuser=true only if this is meant");
        }
        return settings;
    }

    @Bean
    JdbcConnectionDetails authDatabaseConnection(PostgresSettings settings) {
        return new JdbcConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return settings.jdbcUrl(settings.authDatabase());
            }

            @Override
            public String getUsername() {
                return settings.username();
            }

            @Override
            public String getPassword() {
                return settings.password();
            }
        };
    }

    @Bean
    FlywayMigrationStrategy createAuthDatabaseThenMigrate(PostgresServer server, PostgresSettings settings) {
        return flyway -> {
            server.createDatabaseIfMissing(settings.authDatabase());
            server.restrictConnect(settings.authDatabase(), settings.connectGrantees());
            flyway.migrate();
        };
    }
}
