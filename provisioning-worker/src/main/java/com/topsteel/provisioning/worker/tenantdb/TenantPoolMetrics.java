package com.topsteel.provisioning.worker.tenantdb;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@code provisioning_tenant_pool_databases{server,state}} (read from AUTH with the other gauges),
 * {@code provisioning_tenant_pool_claims_total{server,outcome=hit|miss}} and
 * {@code provisioning_tenant_pool_refill_seconds{server,outcome}} (one member copied and seeded).
 */
@Component
class TenantPoolMetrics {

    private static final Logger log = LoggerFactory.getLogger(TenantPoolMetrics.class);

    private final JdbcClient auth;
    private final MeterRegistry meters;
    private final MultiGauge databases;

    TenantPoolMetrics(JdbcClient auth, MeterRegistry meters) {
        this.auth = auth;
        this.meters = meters;
        this.databases = MultiGauge.builder("provisioning.tenant.pool.databases")
                .description("Warm pool databases per server and state (CREATING, READY, CLAIMED), every template version")
                .register(meters);
        // a hit and a miss exist from the start, so a rate can be read before the first claim
        claims(TenantPool.DEFAULT_SERVER, "hit");
        claims(TenantPool.DEFAULT_SERVER, "miss");
    }

    void claimed(String server, boolean hit) {
        claims(server, hit ? "hit" : "miss").increment();
    }

    private Counter claims(String server, String outcome) {
        return Counter.builder("provisioning.tenant.pool.claims")
                .description("New tenant databases taken from the warm pool (hit) or copied from the template (miss)")
                .tag("server", server)
                .tag("outcome", outcome)
                .register(meters);
    }

    void refilled(String server, boolean created, long nanos) {
        Timer.builder("provisioning.tenant.pool.refill")
                .description("One warm pool database copied from the template and seeded")
                .tag("server", server)
                .tag("outcome", created ? "created" : "failed")
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Scheduled(fixedDelayString = "${provisioning.metrics.refresh-interval:15s}")
    void refresh() {
        try {
            List<MultiGauge.Row<Number>> rows = auth.sql("""
                    select s.server, st.state, count(p.database_name) as members
                    from (select :server as server union select server from provisioning.tenant_pool) s
                    cross join (values ('CREATING'), ('READY'), ('CLAIMED')) st (state)
                    left join provisioning.tenant_pool p on p.server = s.server and p.state = st.state
                    group by 1, 2""")
                    .param("server", TenantPool.DEFAULT_SERVER)
                    .query((rs, row) -> MultiGauge.Row.of(Tags.of("server", rs.getString("server"), "state", rs.getString("state")),
                            (Number) rs.getLong("members")))
                    .list();
            databases.register(List.copyOf(rows), true);
        } catch (DataAccessException unreachable) {
            log.debug("Warm pool databases not counted: {}", unreachable.getMessage());
        }
    }
}
