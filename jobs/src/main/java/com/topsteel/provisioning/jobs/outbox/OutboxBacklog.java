package com.topsteel.provisioning.jobs.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of what the relay has not sent yet: {@code provisioning.outbox.backlog} (messages) and
 * {@code provisioning.outbox.oldest.unsent.age} (seconds, 0 when none). Measured on a schedule
 * with one query through the pool, so a scrape never waits for the database; NaN while it
 * cannot be reached.
 */
public class OutboxBacklog {

    private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);

    private record Measure(double unsent, double oldestAgeSeconds) {
        static final Measure UNKNOWN = new Measure(Double.NaN, Double.NaN);
    }

    private final JdbcClient jdbc;
    private volatile Measure last = Measure.UNKNOWN;

    public OutboxBacklog(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("provisioning.outbox.backlog", this, backlog -> backlog.last.unsent())
                .description("Outbox messages not yet confirmed by the broker")
                .register(meters);
        Gauge.builder("provisioning.outbox.oldest.unsent.age", this, backlog -> backlog.last.oldestAgeSeconds())
                .description("Age of the oldest outbox message not yet confirmed by the broker")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${provisioning.metrics.refresh-interval:15s}")
    void refresh() {
        try {
            last = jdbc.sql("""
                    select count(*) as unsent, coalesce(extract(epoch from now() - min(created_at)), 0) as oldest_age
                    from provisioning.outbox where published_at is null""")
                    .query((rs, row) -> new Measure(rs.getLong("unsent"), rs.getDouble("oldest_age")))
                    .single();
        } catch (DataAccessException unreachable) {
            last = Measure.UNKNOWN;
            log.debug("Outbox backlog not measured: {}", unreachable.getMessage());
        }
    }
}
