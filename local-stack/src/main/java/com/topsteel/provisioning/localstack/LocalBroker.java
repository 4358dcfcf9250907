package com.topsteel.provisioning.localstack;

import static com.topsteel.provisioning.contracts.ProvisioningQueues.COMMANDS_EXCHANGE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.COMMANDS_QUEUE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.DEAD_LETTER_EXCHANGE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.DEAD_LETTER_QUEUE;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.BrokerImpl;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.infrastructure.rabbitmq.ProvisioningTopology;

import tools.jackson.databind.json.JsonMapper;

/**
 * An AMQP 0-9-1 broker inside this JVM (Apache Qpid Broker-J, messages in memory), for machines
 * without RabbitMQ. Qpid knows no quorum queues: it is told to ignore the arguments it does not
 * know ({@code x-queue-type}, {@code x-delivery-limit}, {@code x-dead-letter-exchange}), and the
 * topology is created here beforehand with Qpid's own equivalents — a delivery limit, then the
 * dead-letter exchange as the queue's alternate binding — so the services' declarations find it
 * in place and a poison message is dead-lettered as on RabbitMQ.
 */
public final class LocalBroker implements AutoCloseable {

    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";
    /**
     * For the services that consume from this broker: a delivery the container returns after a
     * failure goes with requeue=false, which Qpid dead-letters (see {@link #REJECTED_DELIVERY_LIMIT}),
     * rather than requeue=true, which Qpid never counts toward a limit.
     */
    public static final Map<String, String> CONSUMER_SETTINGS = Map.of("spring.rabbitmq.listener.simple.default-requeue-rejected", "false");

    /**
     * Qpid dead-letters a delivery returned with requeue=false only once the message was delivered
     * this many times; below that it keeps it unacknowledged on the channel, waiting for the
     * basic.recover a Qpid JMS client would send and a RabbitMQ client never does, so the poison
     * message would stay stuck. With 1 it is dead-lettered at once, as RabbitMQ dead-letters a
     * rejected message. A delivery returned with requeue=true, or redelivered after a consumer
     * died, is not counted by Qpid at all.
     */
    static final int REJECTED_DELIVERY_LIMIT = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemLauncher launcher;
    private final int port;

    private LocalBroker(SystemLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    /** Starts the broker on 127.0.0.1:{@code requestedPort} (0: any free port). */
    public static LocalBroker start(int requestedPort, Path workDirectory) throws Exception {
        Files.createDirectories(workDirectory);
        Path configuration = workDirectory.resolve("broker.json");
        Files.writeString(configuration, JSON.writeValueAsString(brokerConfiguration(requestedPort)));
        // Qpid's default is a classpath: URL, a protocol the JDK cannot resolve inside the launcher's jar
        Path systemProperties = Files.writeString(workDirectory.resolve("system.properties"), "");
        AtomicReference<Broker<?>> broker = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                broker.set(systemConfig.getContainer(Broker.class));
            }
        });
        launcher.startup(Map.of(
                "type", "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, configuration.toUri().toString(),
                SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION, systemProperties.toUri().toString(),
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false,
                "context", Map.of(SystemConfig.QPID_WORK_DIR, workDirectory.toAbsolutePath().toString())));
        removeShutdownHook(broker.get());
        int port = broker.get().getPorts().stream()
                .filter(candidate -> candidate.getName().equals("AMQP"))
                .mapToInt(Port::getBoundPort)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the embedded broker opened no AMQP port"));
        return new LocalBroker(launcher, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        launcher.shutdown();
    }

    /**
     * Qpid closes itself from a JVM shutdown hook of its own, which would run at the same time as
     * the launcher's and pull the broker from under the services still stopping; the launcher
     * closes it after them instead.
     */
    private static void removeShutdownHook(Broker<?> broker) throws ReflectiveOperationException {
        Field hook = BrokerImpl.class.getDeclaredField("_shutdownHook");
        hook.setAccessible(true);
        Runtime.getRuntime().removeShutdownHook((Thread) hook.get(broker));
    }

    private static Map<String, Object> brokerConfiguration(int port) {
        return Map.of(
                "name", "local-stack",
                "modelVersion", "8.0",
                "context", Map.of("queue.behaviourOnUnknownDeclareArgument", "IGNORE"),
                "authenticationproviders", List.of(Map.of(
                        "name", "plain",
                        "type", "Plain",
                        // PLAIN without TLS, as RabbitMQ's guest: the port listens on 127.0.0.1 only
                        "secureOnlyMechanisms", List.of(),
                        "users", List.of(Map.of("name", USERNAME, "type", "managed", "password", PASSWORD)))),
                "ports", List.of(Map.of(
                        "name", "AMQP",
                        "port", port,
                        "bindingAddress", "127.0.0.1",
                        "protocols", List.of("AMQP_0_9_1"),
                        "authenticationProvider", "plain",
                        "virtualhostaliases", List.of(
                                Map.of("name", "nameAlias", "type", "nameAlias"),
                                Map.of("name", "defaultAlias", "type", "defaultAlias")))),
                "virtualhostnodes", List.of(Map.of(
                        "name", "default",
                        "type", "Memory",
                        "defaultVirtualHostNode", "true",
                        "virtualHostInitialConfiguration", JSON.writeValueAsString(virtualHost()))));
    }

    /** {@link ProvisioningTopology} in Qpid's terms. */
    private static Map<String, Object> virtualHost() {
        return Map.of(
                "type", "Memory",
                "queues", List.of(
                        Map.of("name", COMMANDS_QUEUE, "durable", true,
                                "maximumDeliveryAttempts", REJECTED_DELIVERY_LIMIT,
                                "alternateBinding", Map.of("destination", DEAD_LETTER_EXCHANGE)),
                        Map.of("name", DEAD_LETTER_QUEUE, "durable", true)),
                "exchanges", List.of(
                        Map.of("name", COMMANDS_EXCHANGE, "type", "direct", "durable", true,
                                "durableBindings", Arrays.stream(JobType.values())
                                        .map(type -> Map.of("bindingKey", type.routingKey(), "destination", COMMANDS_QUEUE))
                                        .toList()),
                        Map.of("name", DEAD_LETTER_EXCHANGE, "type", "fanout", "durable", true,
                                "durableBindings", List.of(Map.of("bindingKey", "", "destination", DEAD_LETTER_QUEUE)))));
    }
}
