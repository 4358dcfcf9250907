package com.topsteel.provisioning.localstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.topsteel.provisioning.gateway.GatewayApplication;
import com.topsteel.provisioning.worker.WorkerApplication;

/**
 * {@code ./run.sh} on a machine without PostgreSQL or RabbitMQ: starts what the machine lacks
 * inside this JVM (an embedded PostgreSQL, an embedded AMQP broker), then the provisioning worker
 * and the api-gateway against them, prints where everything is, and on Ctrl-C stops it all in
 * reverse order — the database last, so no postgres process outlives the launcher.
 */
public final class LocalStack {

    static final String LOG_FILE = "logs/local-stack.log";
    private static final String LOGGING_CONFIG = "local-stack-logback.xml";

    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());

    private LocalStack() {
    }

    public static void main(String[] args) {
        // before the first logger exists: the embedded servers log through the same file as the services
        System.setProperty("LOG_FILE", LOG_FILE);
        System.setProperty("logback.configurationFile", LOGGING_CONFIG);
        LoggerFactory.getILoggerFactory();
        // from here on Spring Boot configures logging, through logging.config
        System.clearProperty("logback.configurationFile");
        LocalStack stack = new LocalStack();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            stack.start(LocalStackSettings.fromEnvironment(System.getenv()), args);
        } catch (Exception e) {
            System.err.println("The local stack did not start: " + e.getMessage() + " (see " + LOG_FILE + ")");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void start(LocalStackSettings settings, String[] args) throws Exception {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("logging.config", "classpath:" + LOGGING_CONFIG);
        common.put("logging.file.name", LOG_FILE);
        common.put("spring.main.banner-mode", "off");
        Map<String, String> workerOnly = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();

        if (settings.embedPostgres()) {
            LocalPostgres postgres = LocalPostgres.start(settings.postgresPort(), settings.directory().resolve("postgres"));
            started.add(postgres);
            common.put("provisioning.postgres.host", "127.0.0.1");
            common.put("provisioning.postgres.port", String.valueOf(postgres.port()));
            common.put("provisioning.postgres.username", LocalPostgres.USERNAME);
            common.put("provisioning.postgres.password", "");
            lines.add(line("PostgreSQL", "embedded, psql -h 127.0.0.1 -p " + postgres.port() + " -U postgres  (data in "
                    + settings.directory().resolve("postgres") + ")"));
        }
        if (settings.embedBroker()) {
            LocalBroker broker = LocalBroker.start(settings.brokerPort(), settings.directory().resolve("broker"));
            started.add(broker);
            common.put("spring.rabbitmq.host", "127.0.0.1");
            common.put("spring.rabbitmq.port", String.valueOf(broker.port()));
            common.put("spring.rabbitmq.username", LocalBroker.USERNAME);
            common.put("spring.rabbitmq.password", LocalBroker.PASSWORD);
            common.put("spring.rabbitmq.virtual-host", "/");
            workerOnly.putAll(LocalBroker.CONSUMER_SETTINGS);
            lines.add(line("AMQP broker", "embedded Apache Qpid Broker-J, amqp://guest:guest@127.0.0.1:" + broker.port()
                    + "  (messages in memory)"));
        }

        Map<String, String> workerSettings = new LinkedHashMap<>(common);
        workerSettings.putAll(workerOnly);
        ConfigurableApplicationContext worker = run(WorkerApplication.application(), workerSettings, args);
        Environment used = worker.getEnvironment();
        if (!settings.embedPostgres()) {
            lines.add(0, line("PostgreSQL", used.getProperty("provisioning.postgres.host") + ":" + used.getProperty("provisioning.postgres.port")));
        }
        if (!settings.embedBroker()) {
            lines.add(line("RabbitMQ", used.getProperty("spring.rabbitmq.host") + ":" + used.getProperty("spring.rabbitmq.port")));
        }
        ConfigurableApplicationContext gateway = run(GatewayApplication.application(), common, args);
        System.out.println(banner(gateway, worker, lines));
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder application, Map<String, String> settings, String[] args) {
        List<String> arguments = new ArrayList<>();
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.addAll(List.of(args));
        ConfigurableApplicationContext context = application.registerShutdownHook(false).run(arguments.toArray(String[]::new));
        started.add(context);
        return context;
    }

    private static String banner(ConfigurableApplicationContext gateway, ConfigurableApplicationContext worker, List<String> infrastructure) {
        String api = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        List<String> lines = new ArrayList<>();
        lines.add("TopSteel tenant provisioning is running.");
        lines.add(line("API", api + "/api/societes  (keys: topsteel-dev-client-key, topsteel-dev-ops-key)"));
        lines.add(line("Console", api + "/console/"));
        lines.add(line("Ops page", api + "/ops/"));
        lines.add(line("Swagger UI", api + "/swagger-ui.html"));
        Environment workerEnvironment = worker.getEnvironment();
        if (workerEnvironment.getProperty("jobrunr.dashboard.enabled", Boolean.class, false)) {
            lines.add(line("JobRunr dashboard", "http://127.0.0.1:" + workerEnvironment.getProperty("jobrunr.dashboard.port")
                    + "/dashboard  (user " + workerEnvironment.getProperty("jobrunr.dashboard.username")
                    + ", password JOBRUNR_DASHBOARD_PASSWORD, topsteel-dev-dashboard by default)"));
        }
        if (worker instanceof WebServerApplicationContext workerWeb) {
            lines.add(line("Worker health", "http://127.0.0.1:" + workerWeb.getWebServer().getPort() + "/actuator/health"));
        }
        lines.add(line("Gateway health", "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.management.port")
                + "/actuator/health"));
        lines.addAll(infrastructure);
        lines.add(line("Logs", LOG_FILE));
        lines.add(line("Try it", "java scripts/TestTenantApi.java " + api));
        lines.add("Press Ctrl-C to stop.");
        return String.join(System.lineSeparator(), lines);
    }

    private static String line(String label, String value) {
        return String.format("  %-19s %s", label + ":", value);
    }

    /** Newest first: the gateway, the worker, then the broker and the database they used. */
    private void stop() {
        List<AutoCloseable> toStop;
        synchronized (started) {
            toStop = new ArrayList<>(started);
            started.clear();
        }
        Collections.reverse(toStop);
        for (AutoCloseable component : toStop) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("Stopping " + component + " failed: " + e.getMessage());
            }
        }
    }
}
