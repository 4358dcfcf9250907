import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a fleet upgrade on this machine against the same one-column migration applied by a
 * plain loop of psql calls, with the same parallelism, in the same run. With the system running
 * (./run.sh, on the machine's PostgreSQL and RabbitMQ), it provisions N sociétés, starts a second
 * worker process from the built jar whose TENANT migrations have one more version (a folder it
 * writes, through provisioning.tenant-migrations.locations), runs a campaign to that version with
 * maxParallel P (202 → COMPLETED, tenants per second, per-tenant durations from the ledger), then
 * applies another one-column ALTER TABLE to the same N databases with P psql processes at a time.
 * Stops the worker it started and destroys the N sociétés.
 *
 * <pre>java scripts/UpgradeBenchmark.java [baseUrl] [N tenants] [P parallel]</pre>
 *
 * Defaults: http://127.0.0.1:8080, N=100, P=4. Needs psql on the PATH (BENCH_PSQL for its target,
 * default -h 127.0.0.1 -U postgres) and the development ops key (TOPSTEEL_API_KEY for another).
 */
public class UpgradeBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = System.getenv().getOrDefault("TOPSTEEL_API_KEY", "topsteel-dev-ops-key");
    private static final String PSQL_TARGET = System.getenv().getOrDefault("BENCH_PSQL", "-h 127.0.0.1 -U postgres");
    private static String baseUrl;

    public static void main(String[] args) throws Exception {
        baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String run = Integer.toString(new Random().nextInt(1 << 20), 36);

        System.out.printf("Provisioning %d sociétés against %s ...%n", tenants, baseUrl);
        List<String[]> societes = provisionAll(run, tenants, 4);
        String current = field(post("/api/ops/upgrades", "{\"dryRun\": true}"), "targetVersion");
        String next = String.valueOf(Integer.parseInt(current.split("\\.")[0]) + 1);
        Path migrations = Files.createTempDirectory("upgrade-benchmark-");
        // the same text on every run: a template built by an earlier run validates against it
        Files.writeString(migrations.resolve("V" + next + "__benchmark_column.sql"),
                "alter table system_parameters add column if not exists benchmark_note text;\n");

        Process worker = startWorker(migrations);
        try {
            awaitTrue("the new worker registered with version " + next, Duration.ofSeconds(120),
                    () -> field(post("/api/ops/upgrades", "{\"dryRun\": true}"), "targetVersion").equals(next));
            long start = System.nanoTime();
            String campaign = post("/api/ops/upgrades", """
                    {"targetVersion": "%s", "canary": 1, "waveSize": 50, "maxParallel": %d, "failureThreshold": 100}"""
                    .formatted(next, parallel));
            String id = field(campaign, "id");
            String detail = awaitCampaign(id, Duration.ofMinutes(30));
            double campaignSeconds = (System.nanoTime() - start) / 1e9;
            long succeeded = Long.parseLong(number(detail, "\"SUCCEEDED\":"));
            long failed = Long.parseLong(number(detail, "\"FAILED\":"));
            List<Long> durations = ledgerDurations(id);

            System.out.printf("Applying the same kind of migration with a plain loop of psql, %d at a time ...%n", parallel);
            double loopSeconds = psqlLoop(societes, parallel, run);

            System.out.println();
            System.out.printf(Locale.ROOT, "%-52s %s%n", "campaign tenants (upgraded / failed)", succeeded + " / " + failed);
            System.out.printf(Locale.ROOT, "%-52s %.1f s%n", "campaign 202 → COMPLETED", campaignSeconds);
            System.out.printf(Locale.ROOT, "%-52s %.1f%n", "campaign tenants per second", succeeded / campaignSeconds);
            System.out.printf(Locale.ROOT, "%-52s %d / %d ms%n", "per-tenant upgrade p50 / p95 (ledger)",
                    percentile(durations, 50), percentile(durations, 95));
            System.out.printf(Locale.ROOT, "%-52s %.1f s%n", "psql loop, " + tenants + " databases", loopSeconds);
            System.out.printf(Locale.ROOT, "%-52s %.1f%n", "psql loop tenants per second", tenants / loopSeconds);
            System.out.printf(Locale.ROOT, "%-52s %.2f%n", "ratio campaign / psql loop (tenants per second)",
                    (succeeded / campaignSeconds) / (tenants / loopSeconds));
        } finally {
            worker.destroy();
            worker.waitFor();
            System.out.printf("Destroying the %d sociétés ...%n", tenants);
            destroyAll(societes, 4);
        }
    }

    /** A worker from the built jar, with one more TENANT migration than the running one. */
    private static Process startWorker(Path migrations) throws IOException {
        File[] jars = new File("provisioning-worker/target").listFiles((dir, name) -> name.endsWith("-exec.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("run from the repository root after ./run.sh built provisioning-worker");
        }
        Path log = Files.createTempFile("upgrade-benchmark-worker-", ".log");
        System.out.println("Starting a worker with " + migrations + " (log: " + log + ")");
        return new ProcessBuilder("java", "-jar", jars[0].getPath(),
                "--provisioning.tenant-migrations.locations=classpath:db/tenant,filesystem:" + migrations,
                "--server.port=0", "--jobrunr.dashboard.enabled=false", "--management.server.port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double psqlLoop(List<String[]> societes, int parallel, String run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (String[] societe : societes) {
            done.add(pool.submit(() -> psql(societe[1], "alter table system_parameters add column psql_note_" + run + " text")));
        }
        for (Future<?> each : done) {
            each.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    private static Void psql(String database, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql));
        command.addAll(List.of(PSQL_TARGET.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed on " + database + ": " + output);
        }
        return null;
    }

    /** [societeId, databaseName] of each société provisioned. */
    private static List<String[]> provisionAll(String run, int tenants, int concurrency) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<String[]>> futures = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            String code = "UPB" + run.toUpperCase(Locale.ROOT) + i;
            futures.add(clients.submit(() -> {
                String accepted = post("/api/societes/provision-tenant", """
                        {"nom": "Bench %s", "code": "%s", "plan": "STARTER"}""".formatted(code, code));
                String jobId = field(accepted, "jobId");
                awaitTrue("job " + jobId, Duration.ofMinutes(5), () -> field(get("/api/jobs/" + jobId), "status").equals("SUCCEEDED"));
                return new String[] { field(accepted, "societeId"), field(accepted, "databaseName") };
            }));
        }
        List<String[]> provisioned = new ArrayList<>();
        for (Future<String[]> future : futures) {
            provisioned.add(future.get());
        }
        clients.shutdown();
        return provisioned;
    }

    private static void destroyAll(List<String[]> societes, int concurrency) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> done = new ArrayList<>();
        for (String[] societe : societes) {
            done.add(clients.submit(() -> send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/societes/" + societe[0]
                    + "/destroy-tenant")).DELETE())));
        }
        for (Future<?> each : done) {
            each.get();
        }
        clients.shutdown();
    }

    private static String awaitCampaign(String id, Duration timeout) throws Exception {
        String[] last = new String[1];
        awaitTrue("campaign " + id + " COMPLETED", timeout, () -> {
            last[0] = get("/api/ops/upgrades/" + id + "?size=1");
            String status = field(last[0], "status");
            if (!status.equals("RUNNING") && !status.equals("COMPLETED")) {
                throw new IllegalStateException("campaign " + status + ": " + last[0]);
            }
            return status.equals("COMPLETED");
        });
        return last[0];
    }

    private static List<Long> ledgerDurations(String id) throws Exception {
        List<Long> durations = new ArrayList<>();
        for (int page = 0; ; page++) {
            String ledger = get("/api/ops/upgrades/" + id + "?status=SUCCEEDED&size=500&page=" + page);
            Matcher matcher = Pattern.compile("\"durationMs\":(\\d+)").matcher(ledger);
            int found = 0;
            while (matcher.find()) {
                durations.add(Long.parseLong(matcher.group(1)));
                found++;
            }
            if (found < 500) {
                return durations;
            }
        }
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    interface Check {
        boolean done() throws Exception;
    }

    private static void awaitTrue(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private static String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The first string or number value of {@code name} in the JSON text: enough for these answers. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\\s*\"?([^\",}]*)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String number(String json, String key) {
        Matcher matcher = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(json);
        return matcher.find() ? matcher.group(1) : "0";
    }
}
