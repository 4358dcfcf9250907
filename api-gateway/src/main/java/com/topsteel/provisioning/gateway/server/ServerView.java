package com.topsteel.provisioning.gateway.server;

import java.time.OffsetDateTime;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;

/**
 * A PostgreSQL server as the ops API shows it.
 *
 * @param maxTenants        its capacity; null: no limit
 * @param room              places left; null: no limit
 * @param databaseSizeBytes its tenant databases' total size, as last measured
 * @param configured        whether this gateway's settings name it (a server only in the records cannot take tenants)
 */
record ServerView(String name, String host, Integer port, ServerStatus status, Integer maxTenants, long tenants,
        Long room, long databaseSizeBytes, boolean configured, OffsetDateTime updatedAt) {

    static ServerView of(ServerLoad load) {
        Long room = load.maxTenants() == null ? null : Math.max(0, load.maxTenants() - load.tenants());
        return new ServerView(load.name(), load.host(), load.port(), load.status(), load.maxTenants(), load.tenants(), room,
                load.sizeBytes(), load.configured(), load.updatedAt());
    }
}
