package com.topsteel.provisioning.jobs;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.move.TenantMoves;
import com.topsteel.provisioning.jobs.outbox.Outbox;
import com.topsteel.provisioning.jobs.outbox.OutboxBacklog;
import com.topsteel.provisioning.jobs.outbox.OutboxRelay;
import com.topsteel.provisioning.jobs.outbox.OutboxSettings;
import com.topsteel.provisioning.jobs.reconcile.FleetRecords;
import com.topsteel.provisioning.jobs.quota.FleetMeasurements;
import com.topsteel.provisioning.jobs.reconcile.Reconciliations;
import com.topsteel.provisioning.jobs.upgrade.CampaignLauncher;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.jobs.upgrade.Workers;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/** The job model in both services, over the AUTH database. */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@EnableConfigurationProperties(OutboxSettings.class)
public class JobsAutoConfiguration {

    @Bean
    JobMetrics jobMetrics(MeterRegistry meters) {
        return new JobMetrics(meters);
    }

    /** Tracing's own beans where the service traces; without them, no trace is kept and none continued. */
    @Bean
    RunTraces runTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new RunTraces(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** On in the gateway; the worker accepts no job yet, and a gateway relays whatever any service records. */
    @Bean
    @ConditionalOnBooleanProperty(name = "provisioning.outbox.relay", matchIfMissing = true)
    OutboxRelay outboxRelay(PostgresSettings postgres, RabbitTemplate rabbit, OutboxSettings settings,
            MeterRegistry meters, RunTraces traces, Environment environment) {
        return new OutboxRelay(postgres, rabbit, settings, meters, traces,
                environment.getProperty("spring.application.name", "provisioning"));
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, ObjectProvider<OutboxRelay> relay) {
        return new Outbox(jdbc, () -> relay.ifAvailable(OutboxRelay::wakeUp));
    }

    @Bean
    OutboxBacklog outboxBacklog(JdbcClient jdbc, MeterRegistry meters) {
        return new OutboxBacklog(jdbc, meters);
    }

    @Bean
    FleetMeasurements fleetMeasurements(Jobs jobs) {
        return new FleetMeasurements(jobs);
    }

    @Bean
    Jobs jobs(JdbcClient jdbc, Outbox outbox, JobMetrics metrics, RunTraces traces) {
        return new Jobs(jdbc, outbox, metrics, traces);
    }

    @Bean
    JobRuns jobRuns(JdbcClient jdbc, JobMetrics metrics) {
        return new JobRuns(jdbc, metrics);
    }

    @Bean
    StepLog stepLog(JdbcClient jdbc) {
        return new StepLog(jdbc);
    }

    @Bean
    UpgradeCampaigns upgradeCampaigns(JdbcClient jdbc) {
        return new UpgradeCampaigns(jdbc);
    }

    @Bean
    CampaignLauncher campaignLauncher(UpgradeCampaigns campaigns, Jobs jobs, JobEvents events) {
        return new CampaignLauncher(campaigns, jobs, events);
    }

    @Bean
    Workers workers(JdbcClient jdbc) {
        return new Workers(jdbc);
    }

    @Bean
    FleetRecords fleetRecords(JdbcClient jdbc) {
        return new FleetRecords(jdbc);
    }

    @Bean
    Reconciliations reconciliations(JdbcClient jdbc, Jobs jobs) {
        return new Reconciliations(jdbc, jobs);
    }

    @Bean
    Backups backups(JdbcClient jdbc, Jobs jobs) {
        return new Backups(jdbc, jobs);
    }

    @Bean
    TenantMoves tenantMoves(JdbcClient jdbc, Jobs jobs) {
        return new TenantMoves(jdbc, jobs);
    }

    @Bean
    JobEvents jobEvents(JdbcClient jdbc) {
        return new JobEvents(jdbc);
    }
}
