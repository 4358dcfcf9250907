package com.topsteel.provisioning.worker.tenantdb;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code provisioning.tenant.databases} gauge: databases on the servers that carry this
 * service's prefix and its ownership tag (the template and any database of someone else's are
 * not counted). Counted on a schedule with one query through the AUTH pool, so a scrape never
 * waits for the database; NaN while the database cannot be reached.
 */
@Component
class TenantDatabaseCount {

    private static final Logger log = LoggerFactory.getLogger(TenantDatabaseCount.class);

    private final JdbcClient auth;
    private final DatabaseServers servers;
    private final String prefix;
    private volatile double count = Double.NaN;

    TenantDatabaseCount(JdbcClient auth, DatabaseServers servers, MeterRegistry meters) {
        this.auth = auth;
        this.servers = servers;
        this.prefix = servers.primary().settings().tenantDatabasePrefix();
        Gauge.builder("provisioning.tenant.databases", this, measured -> measured.count)
                .description("Tenant databases on the PostgreSQL servers")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${provisioning.metrics.refresh-interval:15s}")
    void refresh() {
        try {
            long total = 0;
            for (PostgresServer server : servers.all()) {
                // the primary through the AUTH pool; another server through a connection of its own
                total += (servers.isPrimary(server) ? auth : server.maintenance()).sql(COUNT)
                        .param("prefix", prefix)
                        .param("tag", TenantDatabases.OWNERSHIP_TAG_PREFIX)
                        .query(Long.class)
                        .single();
            }
            count = total;
        } catch (DataAccessException unreachable) {
            count = Double.NaN;
            log.debug("Tenant databases not counted: {}", unreachable.getMessage());
        }
    }

    private static final String COUNT = """
            select count(*) from pg_database
            where left(datname, length(:prefix)) = :prefix
              and shobj_description(oid, 'pg_database') like :tag || '%'""";
}
