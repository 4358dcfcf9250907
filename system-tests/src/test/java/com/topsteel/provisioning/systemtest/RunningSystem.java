package com.topsteel.provisioning.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jobrunr.server.BackgroundJobServer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.topsteel.provisioning.gateway.GatewayApplication;
import com.topsteel.provisioning.worker.WorkerApplication;

/**
 * The whole system as a client meets it: a provisioning worker and an api-gateway, each its own
 * Spring application with its own configuration, started once per test JVM against
 * {@link TestServices}.
 */
final class RunningSystem {

    static final String SECRETS_KEY = "test-secrets-key";

    /**
     * Retries a second apart, so retry tests take seconds; no dashboard port to collide on; an
     * ephemeral management port; gauges measured often, so tests see them move soon; no scheduled
     * reconciliation; no warm pool, but its clean-up every second.
     */
    static final Map<String, String> WORKER_TEST_SETTINGS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("provisioning.retry.max-attempts", "3"),
            Map.entry("provisioning.retry.initial-delay", "1s"),
            Map.entry("provisioning.retry.multiplier", "1.0"),
            Map.entry("provisioning.retry.max-delay", "1s"),
            Map.entry("provisioning.secrets.key", SECRETS_KEY),
            Map.entry("provisioning.webhooks.retry-schedule", "0s,500ms,500ms,500ms"),
            Map.entry("provisioning.webhooks.timeout", "2s"),
            Map.entry("provisioning.webhooks.allowed-hosts", "127.0.0.1"),
            Map.entry("provisioning.metrics.refresh-interval", "200ms"),
            // reconciliations only when a test asks for one, with no grace for work that stopped moving
            // (ReconcilerTest: work in progress still never reads as drift)
            Map.entry("provisioning.reconcile.periodic", "false"),
            // backups and drills when a test asks for them
            Map.entry("provisioning.backups.scheduled", "false"),
            Map.entry("provisioning.backups.drills", "false"),
            Map.entry("provisioning.reconcile.stuck-after", "0s"),
            Map.entry("provisioning.reconcile.abandoned-after", "0s"),
            // no warm pool but in WarmPoolTest's workers: other tests count copies, databases and timings of the template path
            Map.entry("provisioning.tenant-pool.size", "0"),
            Map.entry("provisioning.tenant-pool.refill-interval", "1s"),
            Map.entry("jobrunr.dashboard.enabled", "false"));

    /**
     * The development keys plus a second client, to prove clients do not see each other's records,
     * and a client with a key of the gateway's own shape ({@link TskApiKeyTest}).
     */
    static final Map<String, String> GATEWAY_TEST_SETTINGS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("management.server.port", "0"),
            Map.entry("provisioning.job-streams.heartbeat", "1s"),
            Map.entry("provisioning.api.max-body-read-time", "3s"),
            Map.entry("provisioning.outbox.poll-interval", "100ms"),
            Map.entry("provisioning.metrics.refresh-interval", "200ms"),
            Map.entry("provisioning.secrets.key", SECRETS_KEY),
            Map.entry("provisioning.webhooks.allowed-hosts", "127.0.0.1"),
            Map.entry("provisioning.ops.trace-url-template", "http://traces.test/trace/{traceId}"),
            Map.entry("provisioning.security.api-keys[0].name", "dev-client"),
            Map.entry("provisioning.security.api-keys[0].role", "CLIENT"),
            // topsteel-dev-client-key
            Map.entry("provisioning.security.api-keys[0].hash", "sha256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50b"),
            Map.entry("provisioning.security.api-keys[1].name", "dev-ops"),
            Map.entry("provisioning.security.api-keys[1].role", "OPS"),
            // topsteel-dev-ops-key
            Map.entry("provisioning.security.api-keys[1].hash", "sha256:4e71c35e5d1abe647f044b2141e44c5c81b12ca0b34740df4876fbdb5c8234d9"),
            Map.entry("provisioning.security.api-keys[2].name", "other-client"),
            Map.entry("provisioning.security.api-keys[2].role", "CLIENT"),
            // test-other-client-key
            Map.entry("provisioning.security.api-keys[2].hash", "sha256:03440f913f903eaced141d57eaa6a93ee05955be49234a924ef72f22ca498d82"),
            Map.entry("provisioning.security.api-keys[3].name", "tsk-client"),
            Map.entry("provisioning.security.api-keys[3].role", "CLIENT"),
            // TskApiKeyTest.TSK_CLIENT_KEY
            Map.entry("provisioning.security.api-keys[3].id", "systest1"),
            Map.entry("provisioning.security.api-keys[3].hash", "sha256:5ca09def316176413f7d2dcbb38841df067b29cc4fc89a5e78e157963aa355a0"));

    private static RunningSystem instance;

    final TestServices services;
    final Api api;
    /** The gateway's only way to RabbitMQ, so tests can take the broker away from it. */
    final CuttableTcpProxy gatewayToBroker;
    private final ConfigurableApplicationContext worker;
    private final ConfigurableApplicationContext gateway;

    private RunningSystem(TestServices services) {
        this.services = services;
        Map<String, String> logging = Map.of("logging.file.name", TestLogs.SYSTEM_LOG.toString(),
                "logging.threshold.console", "OFF");
        Map<String, String> tracing = OtlpReceiver.get().exportSettings();
        this.worker = WorkerApplication.application().sources(TestFaultsConfiguration.class).registerShutdownHook(false)
                .run(arguments(services.serviceProperties(), WORKER_TEST_SETTINGS, tracing, logging));
        this.gatewayToBroker = new CuttableTcpProxy(services.rabbit.host(), services.rabbit.port());
        Map<String, String> gatewaySettings = new java.util.HashMap<>(GATEWAY_TEST_SETTINGS);
        gatewaySettings.put("spring.rabbitmq.host", "127.0.0.1");
        gatewaySettings.put("spring.rabbitmq.port", String.valueOf(gatewayToBroker.port()));
        this.gateway = GatewayApplication.application().registerShutdownHook(false)
                .run(arguments(services.serviceProperties(), gatewaySettings, tracing, logging));
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        this.api = new Api(baseUrl(port));
    }

    static synchronized RunningSystem get() {
        if (instance == null) {
            TestServices services = TestServices.get();
            instance = new RunningSystem(services);
            // not Spring's own shutdown hook, which would run alongside the databases being dropped
            services.stopBeforeCleanUp(() -> {
                instance.gateway.close();
                instance.worker.close();
            });
        }
        return instance;
    }

    /**
     * Holds this JVM's worker — its consumers and its JobRunr server — so a test can arrange the
     * world before a command is taken, or leave the work to worker processes of its own.
     */
    void pauseWorker() {
        worker.getBean(RabbitListenerEndpointRegistry.class).stop();
        worker.getBean(BackgroundJobServer.class).pauseProcessing();
    }

    void resumeWorker() {
        worker.getBean(BackgroundJobServer.class).resumeProcessing();
        worker.getBean(RabbitListenerEndpointRegistry.class).start();
    }

    private static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    String baseUrl() {
        return baseUrl(((WebServerApplicationContext) gateway).getWebServer().getPort());
    }

    /** The gateway's management port (health, metrics), apart from its API's. */
    String gatewayManagementUrl() {
        return baseUrl(Integer.parseInt(gateway.getEnvironment().getProperty("local.management.port")));
    }

    /** The worker's management port (actuator only), ephemeral in tests. */
    String workerBaseUrl() {
        return baseUrl(((WebServerApplicationContext) worker).getWebServer().getPort());
    }

    <T> T workerBean(Class<T> type) {
        return worker.getBean(type);
    }

    ScriptedStepFaults faults() {
        return worker.getBean(ScriptedStepFaults.class);
    }

    /** The broker as the gateway reaches it, for tests that play a misbehaving sender. */
    org.springframework.amqp.rabbit.core.RabbitTemplate rabbit() {
        return gateway.getBean(org.springframework.amqp.rabbit.core.RabbitTemplate.class);
    }

    String databaseName(String code) {
        return services.tenantDatabasePrefix + code.toLowerCase();
    }

    /** Command-line arguments, later maps overriding earlier ones (a repeated option would become a list). */
    @SafeVarargs
    private static String[] arguments(Map<String, String>... settings) {
        Map<String, String> merged = new java.util.LinkedHashMap<>();
        for (Map<String, String> layer : settings) {
            merged.putAll(layer);
        }
        List<String> arguments = new ArrayList<>();
        merged.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments.toArray(String[]::new);
    }
}
