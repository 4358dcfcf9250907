package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * The meters both services publish for Prometheus, scraped over HTTP without a key, as a
 * scraper would. Counters live per Spring context and other tests ran before in this JVM, so
 * each test compares a scrape after its job with one before, with no other job active.
 */
class MetricsTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration GAUGE_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROVISION = "PROVISION_TENANT";
    private static final List<String> PROVISION_STEPS = List.of("claim-societe", "create-database",
            "migrate-tenant-schema", "seed-tenant-data", "create-default-users", "activate-societe");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Prometheus gatewayBefore;
    private Prometheus workerBefore;

    @BeforeEach
    void scrapeBefore() {
        db.awaitNoActiveJob(JOB_TIMEOUT);
        // measured after the last job ended: a destroy that just finished may not be counted out yet
        long tenantDatabases = db.count("""
                select count(*) from pg_database
                where left(datname, length('%s')) = '%s'
                  and shobj_description(oid, 'pg_database') like 'created by topsteel provisioning job %%'"""
                .formatted(system.services.tenantDatabasePrefix, system.services.tenantDatabasePrefix));
        workerBefore = Eventually.await("the tenant database gauge measured", GAUGE_TIMEOUT, this::scrapeWorker,
                scrape -> scrape.gauge("provisioning_tenant_databases") == tenantDatabases);
        gatewayBefore = scrapeGateway();
    }

    @Test
    void a_provision_counts_one_accepted_one_succeeded_a_timing_of_each_step_and_one_more_tenant_database() {
        String code = ProvisionTenantTest.uniqueCode("METER");
        String jobId = api.provision(ProvisionTenantTest.body("Mesurée", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        Prometheus gateway = scrapeGateway();
        Prometheus worker = scrapeWorker();
        assertThat(gatewayDelta(gateway, "provisioning_jobs_accepted_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_succeeded_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_failed_total", "type", PROVISION)).isZero();
        assertThat(workerDelta(worker, "provisioning_jobs_retried_total", "type", PROVISION)).isZero();
        for (String step : PROVISION_STEPS) {
            assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                    "type", PROVISION, "step", step, "outcome", "succeeded")).as(step).isEqualTo(1);
            assertThat(worker.has("provisioning_step_duration_seconds_bucket",
                    "type", PROVISION, "step", step, "outcome", "succeeded", "le", "+Inf")).as(step + " histogram").isTrue();
        }
        assertThat(workerDelta(worker, "provisioning_job_duration_seconds_count", "type", PROVISION, "outcome", "succeeded"))
                .isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_job_duration_seconds_sum", "type", PROVISION, "outcome", "succeeded"))
                .isPositive();
        awaitWorkerGauge("provisioning_tenant_databases", workerBefore.gauge("provisioning_tenant_databases") + 1);
        awaitGatewayGauge("provisioning_outbox_backlog", 0);
        awaitGatewayGauge("provisioning_outbox_oldest_unsent_age_seconds", 0);
        assertOnlyBoundedLabels(gateway);
        assertOnlyBoundedLabels(worker);
    }

    @Test
    void a_permanent_failure_counts_one_failed_job_its_failed_step_and_no_tenant_database() {
        String code = ProvisionTenantTest.uniqueCode("METERKO");
        system.faults().failPermanently(code, "seed-tenant-data");
        String jobId = api.provision(ProvisionTenantTest.body("Mesurée en échec", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("FAILED");

        Prometheus worker = scrapeWorker();
        assertThat(gatewayDelta(scrapeGateway(), "provisioning_jobs_accepted_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_failed_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_succeeded_total", "type", PROVISION)).isZero();
        assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                "type", PROVISION, "step", "seed-tenant-data", "outcome", "failed")).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                "type", PROVISION, "step", "activate-societe")).isZero();
        assertThat(workerDelta(worker, "provisioning_job_duration_seconds_count", "type", PROVISION, "outcome", "failed"))
                .isEqualTo(1);
        // rolled back: the database it created is gone again
        awaitWorkerGauge("provisioning_tenant_databases", workerBefore.gauge("provisioning_tenant_databases"));
    }

    @Test
    void a_transient_failure_counts_one_retry_then_one_success() {
        String code = ProvisionTenantTest.uniqueCode("METERRE");
        system.faults().failTransiently(code, "migrate-tenant-schema", 1);
        String jobId = api.provision(ProvisionTenantTest.body("Mesurée deux fois", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        Prometheus worker = scrapeWorker();
        assertThat(workerDelta(worker, "provisioning_jobs_retried_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_succeeded_total", "type", PROVISION)).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_jobs_failed_total", "type", PROVISION)).isZero();
        assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                "type", PROVISION, "step", "migrate-tenant-schema", "outcome", "failed")).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                "type", PROVISION, "step", "migrate-tenant-schema", "outcome", "succeeded")).isEqualTo(1);
        // the step that succeeded before the retry is not run, nor counted, again
        assertThat(workerDelta(worker, "provisioning_step_duration_seconds_count",
                "type", PROVISION, "step", "create-database")).isEqualTo(1);
        assertThat(workerDelta(worker, "provisioning_job_duration_seconds_count", "type", PROVISION)).isEqualTo(1);
    }

    @Test
    void webhook_deliveries_are_counted_by_outcome() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer("/refusing", request -> 500);
            String accepting = subscribe(receiver.url("/accepting"));
            String refusing = subscribe(receiver.url("/refusing"));
            try {
                String code = ProvisionTenantTest.uniqueCode("METERHOOK");
                String jobId = api.provision(ProvisionTenantTest.body("Annoncée", code)).body().path("jobId").asString();
                Eventually.await("the refusing receiver tried four times", JOB_TIMEOUT,
                        () -> receiver.forJob("/refusing", jobId).size(), attempts -> attempts >= 4);
                Eventually.await("the accepting receiver served", JOB_TIMEOUT,
                        () -> receiver.forJob("/accepting", jobId).size(), attempts -> attempts >= 1);

                // the retry schedule (0s, 500ms, 500ms, 500ms) gives four attempts, three followed by a retry
                Prometheus worker = Eventually.await("the last refused attempt counted", GAUGE_TIMEOUT, this::scrapeWorker,
                        scrape -> workerDelta(scrape, "provisioning_webhook_deliveries_total", "outcome", "gave-up") >= 1);
                assertThat(workerDelta(worker, "provisioning_webhook_deliveries_total", "outcome", "delivered")).isGreaterThanOrEqualTo(1);
                assertThat(workerDelta(worker, "provisioning_webhook_deliveries_total", "outcome", "failed-will-retry"))
                        .isGreaterThanOrEqualTo(3);
            } finally {
                assertThat(api.delete("/api/webhooks/" + accepting).status()).isEqualTo(204);
                assertThat(api.delete("/api/webhooks/" + refusing).status()).isEqualTo(204);
            }
        }
    }

    private static String subscribe(String url) {
        Api.Response created = api.post("/api/webhooks", JSON.writeValueAsString(Map.of("url", url, "eventTypes", List.of("job.queued"))));
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asString();
    }

    /**
     * Job id, société code and the like are unbounded: no meter of ours may carry them as labels.
     * TENANT schema versions are few (one per release that adds a migration); kinds of drift are an enum;
     * servers are configured (one pool each), pool member states an enum.
     */
    private static void assertOnlyBoundedLabels(Prometheus scrape) {
        Set<String> bounded = Set.of("type", "step", "outcome", "le", "version", "kind", "server", "state");
        List<Prometheus.Sample> ours = scrape.samples().stream()
                .filter(sample -> sample.name().startsWith("provisioning_"))
                .toList();
        assertThat(ours).isNotEmpty().allSatisfy(sample ->
                assertThat(bounded).as(sample.toString()).containsAll(sample.labels().keySet()));
    }

    private Prometheus scrapeGateway() {
        return Prometheus.scrape(system.gatewayManagementUrl());
    }

    private Prometheus scrapeWorker() {
        return Prometheus.scrape(system.workerBaseUrl());
    }

    private double gatewayDelta(Prometheus after, String name, String... labels) {
        return after.value(name, labels) - gatewayBefore.value(name, labels);
    }

    private double workerDelta(Prometheus after, String name, String... labels) {
        return after.value(name, labels) - workerBefore.value(name, labels);
    }

    private void awaitWorkerGauge(String name, double expected) {
        Eventually.await(name + " = " + expected, GAUGE_TIMEOUT, () -> scrapeWorker().gauge(name), value -> value == expected);
    }

    private void awaitGatewayGauge(String name, double expected) {
        Eventually.await(name + " = " + expected, GAUGE_TIMEOUT, () -> scrapeGateway().gauge(name), value -> value == expected);
    }
}
