package com.topsteel.provisioning.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the launcher embeds and where, from environment variables (./run.sh sets
 * {@code LOCAL_STACK_EMBED} to what the machine lacks). The services' own settings
 * ({@code GATEWAY_PORT}, {@code JOBRUNR_DASHBOARD_PORT}, ...) are read by the services as usual.
 */
record LocalStackSettings(boolean embedPostgres, boolean embedBroker, int postgresPort, int brokerPort, Path directory) {

    static final String EMBED = "LOCAL_STACK_EMBED";
    static final String POSTGRES_PORT = "LOCAL_STACK_POSTGRES_PORT";
    static final String RABBITMQ_PORT = "LOCAL_STACK_RABBITMQ_PORT";

    /** Off the usual 5432 and 5672, so a PostgreSQL or RabbitMQ installed later does not collide. */
    static final int DEFAULT_POSTGRES_PORT = 55432;
    static final int DEFAULT_RABBITMQ_PORT = 55672;

    static LocalStackSettings fromEnvironment(Map<String, String> environment) {
        Set<String> embedded = Arrays.stream(environment.getOrDefault(EMBED, "postgres,rabbitmq").split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        Set<String> unknown = embedded.stream().filter(name -> !Set.of("postgres", "rabbitmq").contains(name)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(EMBED + " names postgres and/or rabbitmq, not " + unknown);
        }
        return new LocalStackSettings(embedded.contains("postgres"), embedded.contains("rabbitmq"),
                port(environment, POSTGRES_PORT, DEFAULT_POSTGRES_PORT),
                port(environment, RABBITMQ_PORT, DEFAULT_RABBITMQ_PORT),
                Path.of(".local-stack"));
    }

    private static int port(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0: any free port), not '" + value + "'");
        }
    }
}
