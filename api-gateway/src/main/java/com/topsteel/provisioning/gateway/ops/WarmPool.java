package com.topsteel.provisioning.gateway.ops;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The warm pool as the worker records it in AUTH ({@code provisioning.tenant_pool}, docs/warm-pool.md),
 * read for the ops page: per server, how many members in each state and each member. Read only:
 * the workers alone create, claim and drop members.
 */
@Component
class WarmPool {

    /** The one server today; shown even before its first member. */
    static final String DEFAULT_SERVER = "default";

    record Member(String database, String templateVersion, String seedFingerprint, String state, OffsetDateTime createdAt,
            UUID claimedByJob) {
    }

    record ServerPool(String server, int ready, int creating, int claimed, List<Member> members) {
    }

    record Pools(List<ServerPool> servers) {
    }

    private final JdbcClient auth;

    WarmPool(JdbcClient auth) {
        this.auth = auth;
    }

    Pools read() {
        Map<String, List<Member>> byServer = new LinkedHashMap<>();
        byServer.put(DEFAULT_SERVER, new ArrayList<>());
        auth.sql("""
                select server, database_name, template_version, seed_fingerprint, state, created_at, claimed_by_job
                from provisioning.tenant_pool order by server, created_at""")
                .query((rs, row) -> {
                    byServer.computeIfAbsent(rs.getString("server"), server -> new ArrayList<>())
                            .add(new Member(rs.getString("database_name"), rs.getString("template_version"),
                                    rs.getString("seed_fingerprint"), rs.getString("state"),
                                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("claimed_by_job", UUID.class)));
                    return null;
                })
                .list();
        List<ServerPool> servers = new ArrayList<>();
        byServer.forEach((server, members) -> servers.add(new ServerPool(server, count(members, "READY"),
                count(members, "CREATING"), count(members, "CLAIMED"), List.copyOf(members))));
        return new Pools(List.copyOf(servers));
    }

    private static int count(List<Member> members, String state) {
        return (int) members.stream().filter(member -> member.state().equals(state)).count();
    }
}
