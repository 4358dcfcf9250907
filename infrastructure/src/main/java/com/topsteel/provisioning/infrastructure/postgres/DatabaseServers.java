package com.topsteel.provisioning.infrastructure.postgres;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The PostgreSQL servers this service may reach for tenant databases, by name: the primary
 * ({@code default}, also home of AUTH and SHARED) first, then those of
 * {@code provisioning.database-servers}. Misconfigured servers stop the service at start, with the
 * setting at fault named.
 */
public class DatabaseServers {

    public static final String DEFAULT = "default";
    /** Server names: lower-case letters, digits, '_' and '-', as the AUTH table checks too. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Map<String, PostgresServer> servers;
    private final Map<String, Integer> configuredCapacity;

    public DatabaseServers(PostgresServer primary, DatabaseServerSettings settings) {
        Map<String, PostgresServer> byName = new LinkedHashMap<>();
        Map<String, Integer> capacity = new LinkedHashMap<>();
        byName.put(DEFAULT, primary);
        capacity.put(DEFAULT, requireCapacity("provisioning.postgres.max-tenants", primary.settings().maxTenants()));
        for (int i = 0; i < settings.databaseServers().size(); i++) {
            DatabaseServerSettings.Server server = settings.databaseServers().get(i);
            String setting = "provisioning.database-servers[" + i + "]";
            if (server.name() == null || !NAME.matcher(server.name()).matches()) {
                throw new IllegalStateException(setting + ".name must be lower-case letters, digits, '_' or '-' (at most 63),"
                        + " not '" + server.name() + "'");
            }
            if (byName.containsKey(server.name())) {
                throw new IllegalStateException(setting + ".name '" + server.name() + "' is used twice"
                        + (DEFAULT.equals(server.name()) ? " ('default' is the primary server, provisioning.postgres)" : ""));
            }
            if (server.host() == null || server.host().isBlank()) {
                throw new IllegalStateException(setting + ".host is required");
            }
            if (server.port() < 1 || server.port() > 65535) {
                throw new IllegalStateException(setting + ".port must be between 1 and 65535");
            }
            PostgresSettings connection = primary.settings().onServer(server.host(), server.port(),
                    server.username(), server.password() == null ? "" : server.password());
            byName.put(server.name(), new PostgresServer(server.name(), connection));
            capacity.put(server.name(), requireCapacity(setting + ".max-tenants", server.maxTenants()));
        }
        this.servers = Collections.unmodifiableMap(byName);
        this.configuredCapacity = Collections.unmodifiableMap(capacity);
    }

    private static Integer requireCapacity(String setting, Integer maxTenants) {
        if (maxTenants != null && maxTenants < 0) {
            throw new IllegalStateException(setting + " must be 0 or more (leave it out for no limit)");
        }
        return maxTenants;
    }

    /** The server of AUTH and SHARED, and of every tenant placed before there were several. */
    public PostgresServer primary() {
        return servers.get(DEFAULT);
    }

    public Optional<PostgresServer> find(String name) {
        return Optional.ofNullable(name == null ? null : servers.get(name));
    }

    /** The named server; one this service is not configured with is an {@link UnknownDatabaseServer}. */
    public PostgresServer named(String name) {
        return find(name).orElseThrow(() -> new UnknownDatabaseServer(name));
    }

    public boolean isPrimary(PostgresServer server) {
        return server == primary();
    }

    /** Every server, the primary first. */
    public Collection<PostgresServer> all() {
        return servers.values();
    }

    /** The capacity the settings give each server (null: no limit). */
    public Map<String, Integer> configuredCapacity() {
        return configuredCapacity;
    }

    /** A société's server that this service's settings do not name. */
    public static class UnknownDatabaseServer extends RuntimeException {
        public UnknownDatabaseServer(String name) {
            super("database server '" + name + "' is not configured on this service (provisioning.database-servers)");
        }
    }
}
