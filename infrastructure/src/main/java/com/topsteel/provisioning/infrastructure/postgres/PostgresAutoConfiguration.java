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
            flyway.migrate();
        };
    }
}
