package com.topsteel.provisioning.jobs.upgrade;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.topsteel.provisioning.contracts.SchemaVersions;

/**
 * {@code provisioning.workers}: each worker says every few seconds which TENANT migrations it has.
 * A worker is live while it was seen within {@link #LIVE_WITHIN_SECONDS}; a campaign's default
 * target is the newest version a live worker knows, and a template is kept while a live worker
 * builds from it.
 */
public class Workers {

    /** Three missed heartbeats and a margin. */
    public static final int LIVE_WITHIN_SECONDS = 30;

    private final JdbcClient jdbc;

    public Workers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void heartbeat(String workerId, String tenantSchemaVersion, List<String> knownVersions) {
        jdbc.sql("""
                insert into provisioning.workers (id, tenant_schema_version, known_versions)
                values (:id, :version, cast(:known as text[]))
                on conflict (id) do update set tenant_schema_version = excluded.tenant_schema_version,
                    known_versions = excluded.known_versions, seen_at = now()""")
                .param("id", workerId)
                .param("version", tenantSchemaVersion)
                .param("known", "{" + String.join(",", knownVersions) + "}")
                .update();
    }

    /** A worker stopping says so, and workers not seen for a day are forgotten. */
    public void leave(String workerId) {
        jdbc.sql("delete from provisioning.workers where id = :id or seen_at < now() - interval '1 day'")
                .param("id", workerId)
                .update();
    }

    /** The versions live workers build their templates at. */
    public Set<String> liveVersions() {
        return jdbc.sql("select distinct tenant_schema_version from provisioning.workers where tenant_schema_version is not null and "
                + live())
                .query(String.class)
                .set();
    }

    /** Every version a live worker has a migration for, oldest first. */
    public List<String> knownVersions() {
        return jdbc.sql("select distinct unnest(known_versions) from provisioning.workers where " + live())
                .query(String.class)
                .list()
                .stream()
                .filter(SchemaVersions::isWellFormed)
                .collect(Collectors.toCollection(() -> new TreeSet<>(SchemaVersions.ORDER)))
                .stream()
                .toList();
    }

    /** The newest version a live worker knows: what a campaign targets by default. */
    public Optional<String> newestKnownVersion() {
        List<String> known = knownVersions();
        return known.isEmpty() ? Optional.empty() : Optional.of(known.get(known.size() - 1));
    }

    private static String live() {
        return "seen_at > now() - interval '" + LIVE_WITHIN_SECONDS + " seconds'";
    }
}
