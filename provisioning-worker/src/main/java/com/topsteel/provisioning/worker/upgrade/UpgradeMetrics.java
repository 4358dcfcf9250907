package com.topsteel.provisioning.worker.upgrade;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.CampaignStatus;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@code provisioning_societes_by_schema_version{version}} (refreshed with the other gauges),
 * {@code provisioning_tenant_upgrade_seconds{outcome}} (a histogram) and
 * {@code provisioning_upgrade_campaigns_total{outcome}}.
 */
@Component
class UpgradeMetrics {

    private static final Logger log = LoggerFactory.getLogger(UpgradeMetrics.class);

    private final JdbcClient auth;
    private final MeterRegistry meters;
    private final MultiGauge societesByVersion;

    UpgradeMetrics(JdbcClient auth, MeterRegistry meters) {
        this.auth = auth;
        this.meters = meters;
        this.societesByVersion = MultiGauge.builder("provisioning.societes.by.schema.version")
                .description("Sociétés with a database, per TENANT schema version (unknown: not read yet)")
                .register(meters);
    }

    void tenantUpgraded(TenantUpgradeStatus outcome, Duration took) {
        Timer.builder("provisioning.tenant.upgrade")
                .description("One tenant database's upgrade in a campaign")
                .tag("outcome", outcome.name())
                .publishPercentileHistogram()
                .register(meters)
                .record(took);
    }

    void campaignEnded(CampaignStatus outcome) {
        Counter.builder("provisioning.upgrade.campaigns")
                .description("Upgrade campaigns ended (or paused), by outcome")
                .tag("outcome", outcome.name())
                .register(meters)
                .increment();
    }

    @Scheduled(fixedDelayString = "${provisioning.metrics.refresh-interval:15s}")
    void refresh() {
        try {
            List<MultiGauge.Row<Number>> rows = auth.sql("""
                    select coalesce(schema_version, 'unknown') as version, count(*) as societes from societes
                    where status not in ('PROVISIONING', 'DELETING') group by 1""")
                    .query((rs, row) -> MultiGauge.Row.of(Tags.of("version", rs.getString("version")),
                            (Number) rs.getLong("societes")))
                    .list();
            societesByVersion.register(List.copyOf(rows), true);
        } catch (DataAccessException unreachable) {
            log.debug("Sociétés per schema version not counted: {}", unreachable.getMessage());
        }
    }
}
