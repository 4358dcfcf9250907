package com.topsteel.provisioning.infrastructure.postgres;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code provisioning.database-servers[n]}: PostgreSQL servers for tenant databases beside the
 * primary one ({@link PostgresSettings}, named {@code default}). None by default: a one-server
 * installation configures nothing new.
 */
@ConfigurationProperties("provisioning")
public record DatabaseServerSettings(@DefaultValue List<Server> databaseServers) {

    /**
     * @param maxTenants its capacity until an operator sets one through the API; null: no limit
     */
    public record Server(
            String name,
            String host,
            @DefaultValue("5432") int port,
            @DefaultValue("postgres") String username,
            @DefaultValue("") String password,
            Integer maxTenants) {
    }
}
