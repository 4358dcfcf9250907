package com.topsteel.provisioning.worker.upgrade;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.SchemaStatus;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * Sociétés provisioned before schema versions were recorded have none: a worker reads each from
 * its database's Flyway history once it is ready, in the background, one connection at a time.
 */
@Component
class SchemaVersionBackfill {

    private static final Logger log = LoggerFactory.getLogger(SchemaVersionBackfill.class);

    private record Unread(UUID societeId, String code, String databaseName) {
    }

    private final JdbcClient auth;
    private final TenantDatabases databases;
    private final UpgradeCampaigns campaigns;

    SchemaVersionBackfill(JdbcClient auth, TenantDatabases databases, UpgradeCampaigns campaigns) {
        this.auth = auth;
        this.databases = databases;
        this.campaigns = campaigns;
    }

    @EventListener(ApplicationReadyEvent.class)
    void readUnknownVersions() {
        Thread backfill = new Thread(this::backfill, "schema-version-backfill");
        backfill.setDaemon(true);
        backfill.start();
    }

    private void backfill() {
        try {
            List<Unread> unread = auth.sql("""
                    select id, code, database_name from societes
                    where schema_version is null and status not in ('PROVISIONING', 'DELETING', 'DEGRADED', 'MAINTENANCE')""")
                    .query((rs, row) -> new Unread(rs.getObject("id", UUID.class), rs.getString("code"),
                            rs.getString("database_name")))
                    .list();
            for (Unread societe : unread) {
                try {
                    Optional<String> version = databases.installedVersion(societe.databaseName());
                    version.ifPresent(read -> campaigns.recordOnSociete(societe.societeId(), read, SchemaStatus.CURRENT));
                    log.info("Société {}: schema version {} read from {}", societe.code(), version.orElse("unknown"),
                            societe.databaseName());
                } catch (RuntimeException unreadable) {
                    log.warn("Société {}: schema version of {} not read: {}", societe.code(), societe.databaseName(),
                            unreadable.toString());
                }
            }
        } catch (RuntimeException failure) {
            log.warn("Reading the schema versions of earlier sociétés stopped: {}", failure.toString());
        }
    }
}
