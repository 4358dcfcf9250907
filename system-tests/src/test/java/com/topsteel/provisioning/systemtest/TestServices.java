package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import com.topsteel.provisioning.localstack.LocalBroker;
import com.topsteel.provisioning.localstack.LocalPostgres;

/**
 * Where the tests find PostgreSQL and RabbitMQ: the local services when they listen on their
 * usual ports (the project's machines have no Docker), else Testcontainers when Docker is usable,
 * else the embedded PostgreSQL and AMQP broker of local-stack, started in this JVM on free ports
 * (a machine with only a JDK). Each JVM run gets its own AUTH and SHARED databases, tenant
 * database prefix and RabbitMQ virtual host (embedded: a broker of its own), so runs cannot see
 * each other; all of it is removed when the JVM exits. {@code TEST_SERVICES=local},
 * {@code containers} or {@code embedded} forces the choice.
 */
final class TestServices {

    private static final Logger log = LoggerFactory.getLogger(TestServices.class);
    private static TestServices instance;
    /** Holds this run's live marker (see {@link AbandonedTestRuns}); referenced so it is not collected. */
    private static Connection liveRunSession;

    record Postgres(String host, int port, String username, String password) {
        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    record Rabbit(String host, int port, String username, String password, String virtualHost) {
    }

    final String runId;
    final Postgres postgres;
    final Rabbit rabbit;
    /**
     * The role the services connect as: LOGIN, CREATEDB and CREATEROLE only, as production runs
     * (docs/servers.md), so every test proves the services need no superuser. The tests themselves
     * look and set up through {@link #postgres}, the server's superuser.
     */
    final Postgres provisioningRole;
    final String authDatabase;
    final String sharedDatabase;
    final String tenantDatabasePrefix;
    /** A second PostgreSQL server, embedded, named {@link SecondServer#NAME} in the services' settings. */
    final SecondServer secondServer;
    /** This run's directory backup store, shared by the services and removed with the run. */
    final Path backupDirectory;
    /** Settings the services need on this broker beyond where it is. */
    private final Map<String, String> brokerSettings;
    /** Run last, after this run's databases are dropped. */
    private final Runnable release;
    private final List<Runnable> usersToStop = new ArrayList<>();

    private TestServices(String runId, Postgres postgres, Rabbit rabbit, Map<String, String> brokerSettings, Runnable release) {
        this.runId = runId;
        this.postgres = postgres;
        this.rabbit = rabbit;
        this.authDatabase = "erp_topsteel_auth_" + runId;
        this.sharedDatabase = "erp_topsteel_shared_" + runId;
        this.tenantDatabasePrefix = "erp_topsteel_" + runId + "_";
        try {
            this.backupDirectory = Files.createTempDirectory("topsteel-backups-" + runId + "-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.brokerSettings = brokerSettings;
        this.release = release;
        this.secondServer = SecondServer.start(runId);
        this.provisioningRole = new Postgres(postgres.host(), postgres.port(), provisioningRoleName(runId), randomPassword());
        createProvisioningRole();
    }

    /** Named after the run, so {@link AbandonedTestRuns} knows whose it is. */
    static String provisioningRoleName(String runId) {
        return "erp_topsteel_" + runId + "_provisioner";
    }

    /** On both servers: roles are a server's, and the services reach the second one with the same settings' role. */
    private void createProvisioningRole() {
        String create = "create role \"" + provisioningRole.username() + "\" login createdb createrole nosuperuser password '"
                + provisioningRole.password() + "'";
        String tag = "comment on role \"" + provisioningRole.username() + "\" is 'topsteel system tests, run " + runId + "'";
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(create);
            statement.execute(tag);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the services' provisioning role", e);
        }
        secondServer.in("postgres").sql(create).update();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static synchronized TestServices get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::cleanUp, "test-services-cleanup"));
        }
        return instance;
    }

    /** Properties that point a service at this run's databases and virtual host. */
    Map<String, String> serviceProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("provisioning.postgres.host", postgres.host());
        properties.put("provisioning.postgres.port", String.valueOf(postgres.port()));
        properties.put("provisioning.postgres.username", provisioningRole.username());
        properties.put("provisioning.postgres.password", provisioningRole.password());
        properties.put("provisioning.postgres.auth-database", authDatabase);
        properties.put("provisioning.postgres.shared-database", sharedDatabase);
        properties.put("provisioning.postgres.tenant-database-prefix", tenantDatabasePrefix);
        properties.put("provisioning.backups.directory", backupDirectory.toString());
        properties.put("spring.rabbitmq.host", rabbit.host());
        properties.put("spring.rabbitmq.port", String.valueOf(rabbit.port()));
        properties.put("spring.rabbitmq.username", rabbit.username());
        properties.put("spring.rabbitmq.password", rabbit.password());
        properties.put("spring.rabbitmq.virtual-host", rabbit.virtualHost());
        properties.putAll(brokerSettings);
        properties.putAll(secondServer.serviceProperties());
        properties.put("provisioning.database-servers[0].username", provisioningRole.username());
        properties.put("provisioning.database-servers[0].password", provisioningRole.password());
        return properties;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    /**
     * Databases of this run, tenant databases included; AUTH last, so a cleanup cut short leaves
     * it as the mark by which {@link AbandonedTestRuns} finds the rest.
     */
    List<String> databasesOfThisRun() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select datname from pg_database where datname like 'erp_topsteel_%"
                     + runId + "%' order by datname = 'erp_topsteel_auth_" + runId + "', datname")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestServices start() {
        String runId = "t" + randomSuffix();
        String mode = System.getenv().getOrDefault("TEST_SERVICES", "auto");
        return switch (mode) {
            case "local" -> local(runId);
            case "containers" -> containers(runId);
            case "embedded" -> embedded(runId);
            case "auto" -> listening(5432) && listening(5672) ? local(runId)
                    : dockerMightBeThere() && DockerClientFactory.instance().isDockerAvailable() ? containers(runId)
                    : embedded(runId);
            default -> throw new IllegalArgumentException("TEST_SERVICES is local, containers, embedded or auto, not '" + mode + "'");
        };
    }

    /**
     * Whether anything points at a Docker engine. Testcontainers' own probe logs an ERROR when it
     * finds none, which on a machine with only a JDK would read as a failure before the tests even
     * start on the embedded servers.
     */
    private static boolean dockerMightBeThere() {
        Path home = Path.of(System.getProperty("user.home"));
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
    }

    private static TestServices local(String runId) {
        log.info("Tests use the local PostgreSQL and RabbitMQ (run {})", runId);
        Postgres postgres = new Postgres("127.0.0.1", 5432, env("TEST_POSTGRES_USER", "postgres"), env("TEST_POSTGRES_PASSWORD", ""));
        holdLiveRunSession(postgres, runId);
        String virtualHost = "provisioning-" + runId;
        boolean created = createLocalVirtualHost(virtualHost);
        return new TestServices(runId, postgres,
                new Rabbit("127.0.0.1", 5672, "guest", "guest", created ? virtualHost : "/"), Map.of(),
                created ? () -> deleteLocalVirtualHost(virtualHost) : () -> { });
    }

    private static TestServices containers(String runId) {
        log.info("Tests start PostgreSQL and RabbitMQ with Testcontainers (run {})", runId);
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine");
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management-alpine");
        postgres.start();
        rabbit.start();
        return new TestServices(runId,
                new Postgres(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(), postgres.getPassword()),
                new Rabbit(rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getAdminUsername(), rabbit.getAdminPassword(), "/"),
                Map.of(), () -> { });
    }

    /** A PostgreSQL and a broker of this JVM's own, so the default virtual host is this run's alone. */
    private static TestServices embedded(String runId) {
        try {
            Path directory = Files.createTempDirectory("system-tests-" + runId + "-");
            log.info("Tests start an embedded PostgreSQL and AMQP broker in {} (run {})", directory, runId);
            LocalPostgres postgres = LocalPostgres.start(0, directory.resolve("postgres"));
            LocalBroker broker = LocalBroker.start(0, directory.resolve("broker"));
            return new TestServices(runId,
                    new Postgres("127.0.0.1", postgres.port(), LocalPostgres.USERNAME, ""),
                    new Rabbit("127.0.0.1", broker.port(), LocalBroker.USERNAME, LocalBroker.PASSWORD, "/"),
                    embeddedBrokerSettings(),
                    () -> stopEmbedded(broker, postgres, directory));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL and AMQP broker", e);
        }
    }

    private static Map<String, String> embeddedBrokerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(LocalBroker.CONSUMER_SETTINGS);
        // Qpid logs each declaration of what it already holds as "Create : FAILURE" at INFO
        settings.put("logging.level.qpid.message", "WARN");
        return settings;
    }

    private static void stopEmbedded(LocalBroker broker, LocalPostgres postgres, Path directory) {
        broker.close();
        try {
            postgres.close();
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL or remove {}: {}", directory, e.getMessage());
        }
    }

    /**
     * Marks this run live for as long as the JVM lives (the session is never closed by hand), and
     * removes what runs killed before their shutdown hook left behind.
     */
    private static void holdLiveRunSession(Postgres postgres, String runId) {
        try {
            Connection session = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
            AbandonedTestRuns.markLive(session, runId);
            AbandonedTestRuns.removeAll(session, deadRunId -> deleteLocalVirtualHost("provisioning-" + deadRunId));
            liveRunSession = session;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the local PostgreSQL", e);
        }
    }

    /**
     * Stops {@code user} at the JVM's end before this run's databases are dropped: shutdown hooks run
     * at once, and a service still stopping would wait on a database that is gone.
     */
    synchronized void stopBeforeCleanUp(Runnable user) {
        usersToStop.add(user);
    }

    private void cleanUp() {
        List<Runnable> users;
        synchronized (this) {
            users = new ArrayList<>(usersToStop);
        }
        try {
            users.forEach(Runnable::run);
        } finally {
            // whatever the services did on their way out, the second server's process must not outlive the run
            secondServer.close();
        }
        for (String database : databasesOfThisRun()) {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists \"" + database + "\" with (force)");
            } catch (SQLException e) {
                log.warn("Could not drop test database {}: {}", database, e.getMessage());
            }
        }
        dropTenantRolesOfThisRun();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("drop role if exists \"" + provisioningRole.username() + "\"");
        } catch (SQLException e) {
            log.warn("Could not drop the provisioning role {}: {}", provisioningRole.username(), e.getMessage());
        }
        FileSystemUtils.deleteRecursively(backupDirectory.toFile());
        release.run();
    }

    /** The tenant roles this run's provisionings made on the primary (the server's, not a database's). */
    private void dropTenantRolesOfThisRun() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select rolname from pg_roles where starts_with(rolname, '"
                     + tenantDatabasePrefix + "') and rolname like '%\\_app'")) {
            List<String> roles = new ArrayList<>();
            while (rows.next()) {
                roles.add(rows.getString(1));
            }
            for (String role : roles) {
                try (Statement drop = connection.createStatement()) {
                    drop.execute("drop role if exists \"" + role + "\"");
                } catch (SQLException e) {
                    log.warn("Could not drop test role {}: {}", role, e.getMessage());
                }
            }
        } catch (SQLException e) {
            log.warn("Could not drop this run's tenant roles: {}", e.getMessage());
        }
    }

    /** Through the management API when the plugin is on, else rabbitmqctl; false leaves the tests on "/". */
    private static boolean createLocalVirtualHost(String virtualHost) {
        if (management("PUT", "/api/vhosts/" + virtualHost, "{}")
                && management("PUT", "/api/permissions/" + virtualHost + "/guest",
                        "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}")) {
            return true;
        }
        if (rabbitmqctl("add_vhost", virtualHost) && rabbitmqctl("set_permissions", "-p", virtualHost, "guest", ".*", ".*", ".*")) {
            return true;
        }
        log.warn("Could not create a RabbitMQ virtual host for this run; using the default one");
        return false;
    }

    private static void deleteLocalVirtualHost(String virtualHost) {
        if (!management("DELETE", "/api/vhosts/" + virtualHost, null)) {
            rabbitmqctl("delete_vhost", virtualHost);
        }
    }

    private static boolean management(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672" + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean rabbitmqctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
