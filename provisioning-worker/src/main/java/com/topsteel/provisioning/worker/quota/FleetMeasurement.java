package com.topsteel.provisioning.worker.quota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.worker.saga.JobContext;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one step of a MEASURE_FLEET job: each tenant database's size ({@code pg_database_size}, one
 * query per server) recorded on its société; a société newly over its {@code maxStorageBytes}
 * flagged ({@code quota_exceeded_at}) and announced ({@code societe.quota.exceeded}) once, in the
 * same transaction; one back within it unflagged. A server that cannot be reached keeps its last
 * measurements. Gauges: the tenant databases' total size per server, and the sociétés over quota.
 */
@Component
class FleetMeasurement {

    private static final Logger log = LoggerFactory.getLogger(FleetMeasurement.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient auth;
    private final DatabaseServers servers;
    private final JobEvents events;
    private final TransactionTemplate transaction;
    private final Map<String, Double> sizePerServer = new ConcurrentHashMap<>();
    private volatile double overQuota = Double.NaN;

    FleetMeasurement(JdbcClient auth, DatabaseServers servers, JobEvents events, TransactionTemplate transaction,
            MeterRegistry meters) {
        this.auth = auth;
        this.servers = servers;
        this.events = events;
        this.transaction = transaction;
        for (PostgresServer server : servers.all()) {
            sizePerServer.put(server.name(), Double.NaN);
            Gauge.builder("provisioning.tenant.databases.size", sizePerServer, sizes -> sizes.get(server.name()))
                    .description("Total size of the tenant databases on the server, as last measured")
                    .baseUnit("bytes")
                    .tag("server", server.name())
                    .register(meters);
        }
        Gauge.builder("provisioning.tenant.quota.exceeded", this, measured -> measured.overQuota)
                .description("Sociétés whose database is over their maxStorageBytes")
                .register(meters);
    }

    void measure(JobContext job) {
        int unreachable = 0;
        for (PostgresServer server : servers.all()) {
            try {
                Map<String, Long> sizes = server.databaseSizesStartingWith(server.settings().tenantDatabasePrefix());
                record(server, sizes);
            } catch (RuntimeException failure) {
                unreachable++;
                log.warn("Job {}: tenant databases on server {} not measured: {}", job.jobId(), server.name(),
                        failure.toString());
            }
        }
        List<String> flagged = transaction.execute(status -> checkQuotas(job));
        overQuota = auth.sql("select count(*) from societes where quota_exceeded_at is not null").query(Long.class).single();
        log.info("Job {}: tenant databases measured ({} server(s) not reached); newly over quota: {}", job.jobId(),
                unreachable, flagged);
    }

    private void record(PostgresServer server, Map<String, Long> sizes) {
        if (!sizes.isEmpty()) {
            List<String> names = new ArrayList<>(sizes.keySet());
            auth.sql("""
                    update societes s set database_size_bytes = m.size_bytes, database_size_measured_at = now()
                    from unnest(string_to_array(:names, ','), cast(string_to_array(:sizes, ',') as bigint[]))
                        as m(database_name, size_bytes)
                    where s.database_name = m.database_name and s.server = :server""")
                    // database names are [a-z0-9_] only: a comma separates them safely
                    .param("names", String.join(",", names))
                    .param("sizes", names.stream().map(name -> String.valueOf(sizes.get(name))).collect(Collectors.joining(",")))
                    .param("server", server.name())
                    .update();
        }
        sizePerServer.put(server.name(), auth.sql("select coalesce(sum(database_size_bytes), 0) from societes where server = :server")
                .param("server", server.name()).query(Long.class).single().doubleValue());
    }

    /** Flags and announces the sociétés newly over quota, unflags those back within it; returns the codes flagged. */
    private List<String> checkQuotas(JobContext job) {
        auth.sql("""
                update societes set quota_exceeded_at = null
                where quota_exceeded_at is not null
                  and (max_storage_bytes is null or database_size_bytes is null or database_size_bytes <= max_storage_bytes)""")
                .update();
        List<String> codes = new ArrayList<>();
        auth.sql("""
                update societes set quota_exceeded_at = now()
                where quota_exceeded_at is null and max_storage_bytes is not null and database_size_bytes > max_storage_bytes
                  and status not in ('PROVISIONING', 'DELETING')
                returning id, code, server, database_size_bytes, max_storage_bytes""")
                .query((rs, row) -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("societeId", rs.getObject("id", UUID.class));
                    details.put("societeCode", rs.getString("code"));
                    details.put("server", rs.getString("server"));
                    details.put("databaseSizeBytes", rs.getLong("database_size_bytes"));
                    details.put("maxStorageBytes", rs.getLong("max_storage_bytes"));
                    return details;
                })
                .list()
                .forEach(details -> {
                    events.record(job.jobId(), JobEventType.SOCIETE_QUOTA_EXCEEDED, JSON.writeValueAsString(details));
                    codes.add((String) details.get("societeCode"));
                    log.warn("Job {}: société {} over its storage quota ({} > {} bytes)", job.jobId(),
                            details.get("societeCode"), details.get("databaseSizeBytes"), details.get("maxStorageBytes"));
                });
        return codes;
    }

    String summary(JobContext job) {
        return "Bases mesurées";
    }
}
