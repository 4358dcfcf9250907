package com.topsteel.provisioning.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The newcomer's promise: on a machine with nothing but a JDK, the launcher behind ./run.sh
 * starts the whole system on an embedded PostgreSQL and an embedded AMQP broker, a société can
 * be provisioned through the API, and Ctrl-C leaves no process behind. The launcher runs as a
 * JVM of its own, in an empty directory, with no setting that points at the machine's own
 * PostgreSQL or RabbitMQ, and on ports of its own choosing.
 */
class LocalStackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLIENT_KEY = "topsteel-dev-client-key";
    private static final Pattern PORT_OPTION = Pattern.compile("-p (\\d+)");
    private static final Pattern URL_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    @Test
    void with_neither_postgresql_nor_rabbitmq_configured_the_launcher_runs_the_system_and_a_societe_is_provisioned() throws Exception {
        int dashboardPort = freePort();
        Process launcher = launch(dashboardPort);
        try {
            String banner = awaitBanner(launcher);
            String api = value(banner, "API").split(" ")[0].replace("/api/societes", "");
            int postgresPort = matched(PORT_OPTION, value(banner, "PostgreSQL"));
            int brokerPort = matched(URL_PORT, value(banner, "AMQP broker"));
            assertThat(postgresPort).as("the embedded PostgreSQL, not the machine's").isNotEqualTo(5432);
            assertThat(brokerPort).as("the embedded broker, not the machine's RabbitMQ").isNotEqualTo(5672);

            HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(api + "/api/societes/provision-tenant"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + CLIENT_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"nom": "Aciers Partout", "code": "PARTOUT", "email": "contact@partout.fr"}""")));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String jobId = JSON.readTree(accepted.body()).path("jobId").asString();

            JsonNode job = await("job " + jobId + " finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> JSON.readTree(send(HttpRequest.newBuilder(URI.create(api + "/api/jobs/" + jobId))
                                    .header("Authorization", "Bearer " + CLIENT_KEY).GET()).body()),
                            seen -> List.of("SUCCEEDED", "FAILED").contains(seen.path("status").asString()));
            assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(tenantDatabases(postgresPort)).contains("erp_topsteel_partout");

            HttpResponse<String> dashboard = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/dashboard/"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("ops:topsteel-dev-dashboard".getBytes(StandardCharsets.UTF_8)))
                    .GET());
            assertThat(dashboard.statusCode()).as("the JobRunr dashboard").isEqualTo(200);

            assertThat(processesUsing(directory)).as("the embedded PostgreSQL's processes, seen by the check below").isNotEmpty();
            launcher.destroy();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the launcher stops on SIGTERM, as on Ctrl-C").isTrue();
            assertThat(processesUsing(directory)).as("processes left running on " + directory).isEmpty();
            assertThat(directory.resolve(".local-stack/postgres/postmaster.pid")).doesNotExist();
        } finally {
            launcher.destroyForcibly();
            processesUsing(directory).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The launcher's JVM, its environment stripped of every setting that could point at this machine's services. */
    private Process launch(int dashboardPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                LocalStack.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("launcher.out").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.matches("(POSTGRES|RABBITMQ|SPRING|JOBRUNR|GATEWAY|WORKER|LOCAL_STACK)_.*"));
        environment.put("GATEWAY_PORT", "0");
        environment.put("WORKER_PORT", "0");
        environment.put("GATEWAY_MANAGEMENT_PORT", "0");
        environment.put("JOBRUNR_DASHBOARD_PORT", String.valueOf(dashboardPort));
        environment.put(LocalStackSettings.POSTGRES_PORT, "0");
        environment.put(LocalStackSettings.RABBITMQ_PORT, "0");
        return builder.start();
    }

    private String awaitBanner(Process launcher) {
        return await("the launcher's banner").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String output = Files.readString(directory.resolve("launcher.out"));
                    if (!launcher.isAlive()) {
                        throw new AssertionError("the launcher stopped:\n" + output + log());
                    }
                    return output;
                }, output -> output.contains("Press Ctrl-C to stop."));
    }

    private String log() throws IOException {
        Path log = directory.resolve(LocalStack.LOG_FILE);
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static String value(String banner, String label) {
        return banner.lines()
                .filter(line -> line.trim().startsWith(label + ":"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + label + "' in the banner:\n" + banner));
    }

    private static int matched(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> tenantDatabases(int port) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("select datname from pg_database where datname like 'erp_topsteel_%'")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    /** PostgreSQL's processes name their data directory on their command line. */
    private static List<ProcessHandle> processesUsing(Path directory) {
        String path = directory.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(path))
                .toList();
    }

    /** JobRunr's dashboard takes no port 0, and its port is not printed by a bound server: ask the system for a free one. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
