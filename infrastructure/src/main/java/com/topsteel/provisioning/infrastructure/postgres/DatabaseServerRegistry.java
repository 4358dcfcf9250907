package com.topsteel.provisioning.infrastructure.postgres;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.topsteel.provisioning.contracts.ServerStatus;

/**
 * The fleet's servers as AUTH records them ({@code provisioning.database_servers}): where each is,
 * its status and capacity, and the load it carries. Each service registers the servers of its
 * settings when it starts; status and capacity are then the operators' (a capacity set through
 * the API is no longer overwritten by the settings). Credentials are never stored.
 */
public class DatabaseServerRegistry implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServerRegistry.class);
    /** Held for the length of a placement's transaction, so two placements never both take a server's last place. */
    private static final long PLACEMENT_LOCK = 0x746f7073706c6163L;

    /**
     * @param tenants   sociétés recorded on the server, whatever their status (each holds or will hold a database)
     * @param sizeBytes the sum of their databases' last measured sizes
     */
    public record ServerLoad(String name, String host, Integer port, ServerStatus status, Integer maxTenants,
            long tenants, long sizeBytes, boolean configured, OffsetDateTime updatedAt) {

        public boolean hasRoom() {
            return maxTenants == null || tenants < maxTenants;
        }

        /** The same server counting {@code incoming} tenants more: those on their way to it (moves not switched yet). */
        public ServerLoad withIncoming(long incoming) {
            return new ServerLoad(name, host, port, status, maxTenants, tenants + incoming, sizeBytes, configured, updatedAt);
        }
    }

    private final JdbcClient auth;
    private final DatabaseServers servers;

    public DatabaseServerRegistry(JdbcClient auth, DatabaseServers servers) {
        this.auth = auth;
        this.servers = servers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (PostgresServer server : servers.all()) {
            auth.sql("""
                    insert into provisioning.database_servers (name, host, port, max_tenants)
                    values (:name, :host, :port, :maxTenants)
                    on conflict (name) do update set host = excluded.host, port = excluded.port,
                        max_tenants = case when database_servers.capacity_set_by_ops then database_servers.max_tenants
                                           else excluded.max_tenants end,
                        updated_at = case when (database_servers.host, database_servers.port) is distinct from (excluded.host, excluded.port)
                                            or (not database_servers.capacity_set_by_ops
                                                and database_servers.max_tenants is distinct from excluded.max_tenants)
                                          then now() else database_servers.updated_at end""")
                    .param("name", server.name())
                    .param("host", server.settings().host())
                    .param("port", server.settings().port())
                    .param("maxTenants", servers.configuredCapacity().get(server.name()))
                    .update();
            log.info("Database server {} at {}:{} registered", server.name(), server.settings().host(), server.settings().port());
        }
    }

    /** Every recorded server with its load, by name; {@code configured}: this service can reach it. */
    public List<ServerLoad> loads() {
        return auth.sql(LOADS + " order by s.name").query((rs, row) -> load(rs)).list();
    }

    public Optional<ServerLoad> load(String name) {
        return auth.sql(LOADS + " having s.name = :name").param("name", name).query((rs, row) -> load(rs)).optional();
    }

    private static final String LOADS = """
            select s.name, s.host, s.port, s.status, s.max_tenants, s.updated_at,
                   count(t.id) as tenants, coalesce(sum(t.database_size_bytes), 0) as size_bytes
            from provisioning.database_servers s left join societes t on t.server = s.name
            group by s.name""";

    private ServerLoad load(java.sql.ResultSet rs) throws java.sql.SQLException {
        String name = rs.getString("name");
        return new ServerLoad(name, rs.getString("host"), rs.getObject("port", Integer.class),
                ServerStatus.valueOf(rs.getString("status")), rs.getObject("max_tenants", Integer.class),
                rs.getLong("tenants"), rs.getLong("size_bytes"), servers.find(name).isPresent(),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /**
     * Within the caller's transaction, takes the placement lock; the loads read afterwards count
     * every placement committed before, so a capacity is never exceeded by two at once.
     */
    public List<ServerLoad> lockForPlacement() {
        auth.sql("select pg_advisory_xact_lock(:key)").param("key", PLACEMENT_LOCK).query().singleRow();
        return loads();
    }

    /**
     * Where a new tenant goes: among the ACTIVE servers this service is configured with and that
     * have room, the one with the fewest tenants, then the smallest total size. Call within the
     * transaction that records the société, after {@link #lockForPlacement}.
     */
    public static Optional<ServerLoad> leastLoaded(List<ServerLoad> loads) {
        return loads.stream()
                .filter(load -> load.configured() && load.status() == ServerStatus.ACTIVE && load.hasRoom())
                .min(java.util.Comparator.comparingLong(ServerLoad::tenants)
                        .thenComparingLong(ServerLoad::sizeBytes)
                        .thenComparing(ServerLoad::name));
    }

    /** Sets the status and, when {@code changeCapacity}, the capacity (null: no limit); false when there is no such server. */
    public boolean change(String name, ServerStatus status, boolean changeCapacity, Integer maxTenants) {
        return auth.sql("""
                update provisioning.database_servers
                set status = coalesce(:status, status),
                    max_tenants = case when :changeCapacity then cast(:maxTenants as integer) else max_tenants end,
                    capacity_set_by_ops = capacity_set_by_ops or :changeCapacity,
                    updated_at = now()
                where name = :name""")
                .param("status", status == null ? null : status.name())
                .param("changeCapacity", changeCapacity)
                .param("maxTenants", maxTenants)
                .param("name", name)
                .update() == 1;
    }

    /** The server a société's database is on; empty when the société is gone. */
    public Optional<String> serverOf(java.util.UUID societeId) {
        return auth.sql("select server from societes where id = :id").param("id", societeId).query(String.class).optional();
    }
}
