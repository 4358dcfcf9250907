package com.topsteel.provisioning.worker.tenantdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

/**
 * Measures each tenant database's size ({@code pg_database_size}) on every server, on a schedule,
 * and records it on its société ({@code database_size_bytes}): what placement weighs servers by
 * and what the servers' view adds up. One query per server; a server that cannot be reached keeps
 * its last measurements.
 */
@Component
class TenantDatabaseSizes {

    private static final Logger log = LoggerFactory.getLogger(TenantDatabaseSizes.class);

    private final JdbcClient auth;
    private final DatabaseServers servers;

    TenantDatabaseSizes(JdbcClient auth, DatabaseServers servers) {
        this.auth = auth;
        this.servers = servers;
    }

    @Scheduled(fixedDelayString = "${provisioning.quotas.measure-interval:5m}", initialDelayString = "${provisioning.quotas.measure-interval:5m}")
    void measure() {
        for (PostgresServer server : servers.all()) {
            try {
                record(server, server.databaseSizesStartingWith(server.settings().tenantDatabasePrefix()));
            } catch (RuntimeException unreachable) {
                log.warn("Tenant database sizes on server {} not measured: {}", server.name(), unreachable.toString());
            }
        }
    }

    private void record(PostgresServer server, Map<String, Long> sizes) {
        if (sizes.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(sizes.keySet());
        List<Long> bytes = names.stream().map(sizes::get).toList();
        int measured = auth.sql("""
                update societes s set database_size_bytes = m.size_bytes, database_size_measured_at = now()
                from unnest(string_to_array(:names, ','), cast(string_to_array(:sizes, ',') as bigint[]))
                    as m(database_name, size_bytes)
                where s.database_name = m.database_name and s.server = :server""")
                // database names are [a-z0-9_] only: a comma separates them safely
                .param("names", String.join(",", names))
                .param("sizes", bytes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
                .param("server", server.name())
                .update();
        log.debug("Measured {} tenant database(s) on server {}", measured, server.name());
    }
}
