package com.topsteel.provisioning.worker.backup;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Backups as Prometheus sees them: how long a dump takes and how big it is, failures, the age of the
 * newest successful backup, and the age of the newest drill that verified one.
 */
@Component
class BackupMetrics {

    private final MeterRegistry meters;
    private final Timer duration;
    private final DistributionSummary size;

    BackupMetrics(MeterRegistry meters, JdbcClient auth) {
        this.meters = meters;
        this.duration = Timer.builder("provisioning.backup.duration").description("Time to dump and store one tenant database")
                .register(meters);
        this.size = DistributionSummary.builder("provisioning.backup.size").baseUnit("bytes")
                .description("Size of a stored dump").register(meters);
        Gauge.builder("provisioning.backup.last.success.age", auth, jdbc -> ageOf(jdbc, "finished_at", "status = 'SUCCEEDED'"))
                .baseUnit("seconds").description("Seconds since the newest successful backup (NaN: none yet)").register(meters);
        Gauge.builder("provisioning.backup.drill.last.verified.age", auth, jdbc -> ageOf(jdbc, "verified_at", "verified_at is not null"))
                .baseUnit("seconds").description("Seconds since a restore drill last verified a backup (NaN: never)").register(meters);
    }

    void succeeded(Duration took, long bytes) {
        duration.record(took);
        size.record(bytes);
    }

    void failed(String trigger) {
        meters.counter("provisioning.backup.failures", "trigger", trigger).increment();
    }

    void drillFailed() {
        meters.counter("provisioning.backup.drill.failures").increment();
    }

    private static double ageOf(JdbcClient jdbc, String column, String condition) {
        try {
            return jdbc.sql("select max(" + column + ") from provisioning.backups where " + condition)
                    .query(OffsetDateTime.class)
                    .optional()
                    .map(newest -> (double) Duration.between(newest, OffsetDateTime.now()).toSeconds())
                    .orElse(Double.NaN);
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }
}
