import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warm pool measured against a bare {@code CREATE DATABASE … TEMPLATE} in the same run, on
 * the running system (docs/warm-pool.md, docs/benchmark.md):
 * <ol>
 * <li>pool hits at concurrency 1: before each, the pool is full and its refill idle; after each, a
 *     bare {@code CREATE DATABASE … TEMPLATE} of the same template through psql, timed by psql
 *     itself ({@code \timing}: the statement's round trip, no process start);</li>
 * <li>pool misses at concurrency 1: the benchmark holds the pool's refill lock (as a refilling
 *     worker would), drains the pool, then provisions, each followed by a bare copy;</li>
 * <li>a burst of 4 × the pool size at concurrency 4 from a full pool: which sociétés got a pool
 *     database (in order of submission), hit and miss p50, accept latency, throughput.</li>
 * </ol>
 * A hit is proven, not guessed: a société's database has the oid of a pool database seen on the
 * server before or during its provisioning (a rename keeps the oid; a copy gets a new one).
 *
 * <pre>java scripts/PoolBenchmark.java [baseUrl] [pool size] [N at concurrency 1]</pre>
 *
 * Defaults: http://127.0.0.1:8080, 4 (the worker's provisioning.tenant-pool.size), N=10. Needs psql
 * on the PATH, the development ops key (TOPSTEEL_API_KEY for another), the worker's AUTH database
 * name (BENCH_AUTH_DATABASE, default erp_topsteel_auth) and tenant prefix (default erp_topsteel_).
 * Creates and destroys its sociétés.
 */
public class PoolBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = System.getenv().getOrDefault("TOPSTEEL_API_KEY", "topsteel-dev-ops-key");
    private static final String AUTH_DATABASE = System.getenv().getOrDefault("BENCH_AUTH_DATABASE", "erp_topsteel_auth");
    private static final String PREFIX = System.getenv().getOrDefault("BENCH_TENANT_PREFIX", "erp_topsteel_");
    private static final List<String> PSQL = List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
            "-d", "postgres");
    /** TenantPoolRefill's advisory lock: "pool" and the AUTH database with the server. */
    private static final int POOL_LOCK_CLASS = 0x706f6f6c;

    private static String baseUrl;
    private static final List<String> societeIds = Collections.synchronizedList(new ArrayList<>());

    record Provisioned(String code, String databaseName, long acceptMillis, long endToEndMillis, String status) {
    }

    public static void main(String[] args) throws Exception {
        baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int poolSize = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String run = Integer.toString(new Random().nextInt(1 << 20), 36).toUpperCase(Locale.ROOT);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("poolSize", poolSize);
        results.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).strip());
        try (Psql psql = new Psql()) {
            // the template the worker copies: the one its pool members were copied from
            awaitFullPool(poolSize);
            String template = PREFIX + "template_v" + field(send("GET", "/api/ops/pool", null).body(), "templateVersion");
            System.out.printf("Template %s, pool size %d, %d runs at concurrency 1, load %s%n", template, poolSize, runs,
                    results.get("loadAverageAtStart"));

            // 1. hits at concurrency 1, each beside a bare copy
            List<Long> hits = new ArrayList<>();
            List<Long> bareBesideHits = new ArrayList<>();
            List<Long> bareProcessBesideHits = new ArrayList<>();
            int notHits = 0;
            for (int i = 0; i < runs; i++) {
                awaitFullPool(poolSize);
                Set<Long> poolOids = poolOids(psql);
                Provisioned hit = provision("POOLH" + run + "_" + i);
                if (poolOids.contains(oidOf(psql, hit.databaseName()))) {
                    hits.add(hit.endToEndMillis());
                } else {
                    notHits++;
                }
                bareBesideHits.add(bareCopy(psql, template, "bench_bare_" + run.toLowerCase(Locale.ROOT) + "_h" + i));
                bareProcessBesideHits.add(bareCopyByProcess(template, "bench_bare_" + run.toLowerCase(Locale.ROOT) + "_p" + i));
            }
            results.put("hitP50Ms", percentile(hits, 50));
            results.put("hitRuns", hits.size());
            results.put("expectedHitsThatMissed", notHits);
            results.put("bareCreateBesideHitsP50Ms", percentile(bareBesideHits, 50));
            results.put("bareCreateByPsqlProcessP50Ms", percentile(bareProcessBesideHits, 50));
            System.out.printf("pool hit   202 → SUCCEEDED p50 %d ms (%d hits, %d not) · bare CREATE DATABASE p50 %d ms (statement),"
                    + " %d ms (a psql process) · ratios %.2f, %.2f%n",
                    percentile(hits, 50), hits.size(), notHits, percentile(bareBesideHits, 50), percentile(bareProcessBesideHits, 50),
                    ratio(percentile(hits, 50), percentile(bareBesideHits, 50)),
                    ratio(percentile(hits, 50), percentile(bareProcessBesideHits, 50)));

            // 2. misses at concurrency 1: the refill held, the pool drained
            List<Long> misses = new ArrayList<>();
            List<Long> bareBesideMisses = new ArrayList<>();
            try (Psql refillLock = new Psql()) {
                refillLock.query("select pg_advisory_lock(%d, hashtext('%s/default'))".formatted(POOL_LOCK_CLASS, AUTH_DATABASE));
                for (int i = 0; i < poolSize; i++) {
                    provision("POOLD" + run + "_" + i);
                }
                for (int i = 0; i < runs; i++) {
                    Set<Long> poolOids = poolOids(psql);
                    Provisioned miss = provision("POOLM" + run + "_" + i);
                    if (poolOids.contains(oidOf(psql, miss.databaseName()))) {
                        throw new IllegalStateException(miss.code() + " took a pool database with the refill held and the pool drained");
                    }
                    misses.add(miss.endToEndMillis());
                    bareBesideMisses.add(bareCopy(psql, template, "bench_bare_" + run.toLowerCase(Locale.ROOT) + "_m" + i));
                }
            }
            results.put("missP50Ms", percentile(misses, 50));
            results.put("bareCreateBesideMissesP50Ms", percentile(bareBesideMisses, 50));
            System.out.printf("pool miss  202 → SUCCEEDED p50 %d ms · bare CREATE DATABASE p50 %d ms · ratio %.2f%n",
                    percentile(misses, 50), percentile(bareBesideMisses, 50),
                    ratio(percentile(misses, 50), percentile(bareBesideMisses, 50)));

            // 3. a burst of 4 × the pool size at concurrency 4, from a full pool
            awaitFullPool(poolSize);
            int burst = 4 * poolSize;
            Set<Long> seenPoolOids = ConcurrentHashMap.newKeySet();
            AtomicBoolean bursting = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                try (Psql watching = new Psql()) {
                    while (bursting.get()) {
                        seenPoolOids.addAll(poolOids(watching));
                        Thread.sleep(25);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            seenPoolOids.addAll(poolOids(psql));
            watcher.start();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger();
            List<Future<Provisioned>> futures = new ArrayList<>();
            long burstStart = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                futures.add(clients.submit(() -> provision("POOLB" + run + "_" + next.getAndIncrement())));
            }
            List<Provisioned> burstRuns = new ArrayList<>();
            for (Future<Provisioned> future : futures) {
                burstRuns.add(future.get());
            }
            long burstMillis = (System.nanoTime() - burstStart) / 1_000_000;
            bursting.set(false);
            watcher.join();
            clients.shutdown();
            burstRuns.sort((a, b) -> Integer.compare(index(a.code()), index(b.code())));
            StringBuilder pattern = new StringBuilder();
            List<Long> burstHits = new ArrayList<>();
            List<Long> burstMisses = new ArrayList<>();
            List<Long> accepts = new ArrayList<>();
            int firstMiss = -1;
            for (Provisioned provisioned : burstRuns) {
                boolean hit = seenPoolOids.contains(oidOf(psql, provisioned.databaseName()));
                pattern.append(hit ? 'H' : 'm');
                (hit ? burstHits : burstMisses).add(provisioned.endToEndMillis());
                accepts.add(provisioned.acceptMillis());
                if (!hit && firstMiss < 0) {
                    firstMiss = index(provisioned.code()) + 1;
                }
            }
            double perMinute = burst * 60_000.0 / burstMillis;
            results.put("burst", burst);
            results.put("burstPattern", pattern.toString());
            results.put("burstFirstMiss", firstMiss);
            results.put("burstHits", burstHits.size());
            results.put("burstHitP50Ms", percentile(burstHits, 50));
            results.put("burstMissP50Ms", percentile(burstMisses, 50));
            results.put("burstAcceptP50Ms", percentile(accepts, 50));
            results.put("burstAcceptP95Ms", percentile(accepts, 95));
            results.put("burstAcceptP99Ms", percentile(accepts, 99));
            results.put("burstTenantsPerMinute", Math.round(perMinute));
            System.out.printf("burst of %d at concurrency 4: %s (H hit, m miss; first miss: #%d), hits %d, hit p50 %d ms, miss p50 %d ms,"
                    + " %.0f tenants/min, accept p50/p95/p99 %d/%d/%d ms%n", burst, pattern, firstMiss, burstHits.size(),
                    percentile(burstHits, 50), percentile(burstMisses, 50), perMinute, percentile(accepts, 50),
                    percentile(accepts, 95), percentile(accepts, 99));
        } finally {
            results.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("Destroying %d sociétés ...%n", societeIds.size());
            destroyAll();
        }
        Files.writeString(Path.of("pool-benchmark-results.json"), json(results));
        System.out.println(json(results));
    }

    private static int index(String code) {
        return Integer.parseInt(code.substring(code.lastIndexOf('_') + 1));
    }

    private static double ratio(long ours, long baseline) {
        return baseline == 0 ? Double.NaN : (double) ours / baseline;
    }

    /** Ready members as many as the size, none being created: the next provisioning meets an idle refill. */
    private static void awaitFullPool(int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            String body = send("GET", "/api/ops/pool", null).body();
            if (Integer.parseInt(number(body, "ready")) >= size && Integer.parseInt(number(body, "creating")) == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not fill: " + body);
            }
            Thread.sleep(100);
        }
    }

    private static Set<Long> poolOids(Psql psql) throws IOException {
        Set<Long> oids = ConcurrentHashMap.newKeySet();
        for (String oid : psql.query("select oid from pg_database where left(datname, length('%1$spool_')) = '%1$spool_'"
                .formatted(PREFIX))) {
            oids.add(Long.parseLong(oid));
        }
        return oids;
    }

    private static long oidOf(Psql psql, String database) throws IOException {
        return Long.parseLong(psql.query("select oid from pg_database where datname = '" + database + "'").get(0));
    }

    /** CREATE DATABASE … TEMPLATE by a psql process of its own, timed from its start to its end (Benchmark.java's way). */
    private static long bareCopyByProcess(String template, String database) throws Exception {
        List<String> command = new ArrayList<>(PSQL);
        command.addAll(List.of("-c", "create database " + database + " template " + template));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        try (Psql psql = new Psql()) {
            psql.query("drop database " + database);
        }
        return millis;
    }

    /** CREATE DATABASE … TEMPLATE, timed by psql (the statement's round trip); dropped afterwards, untimed. */
    private static long bareCopy(Psql psql, String template, String database) throws IOException {
        psql.query("\\timing on");
        List<String> lines = psql.query("create database " + database + " template " + template);
        psql.query("\\timing off");
        Matcher time = Pattern.compile("Time: ([0-9.]+) ms").matcher(String.join("\n", lines));
        if (!time.find()) {
            throw new IllegalStateException("no timing in " + lines);
        }
        psql.query("drop database " + database);
        return Math.round(Double.parseDouble(time.group(1)));
    }

    private static Provisioned provision(String code) throws Exception {
        String body = """
                {"nom": "Benchmark %s", "code": "%s", "plan": "STARTER"}""".formatted(code, code);
        long start = System.nanoTime();
        HttpResponse<String> accepted = send("POST", "/api/societes/provision-tenant", body);
        long acceptMillis = (System.nanoTime() - start) / 1_000_000;
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("provision of " + code + ": HTTP " + accepted.statusCode() + " " + accepted.body());
        }
        societeIds.add(field(accepted.body(), "societeId"));
        String status = awaitFinished(field(accepted.body(), "jobId"));
        if (!"SUCCEEDED".equals(status)) {
            throw new IllegalStateException("provision of " + code + " " + status);
        }
        return new Provisioned(code, field(accepted.body(), "databaseName"), acceptMillis, (System.nanoTime() - start) / 1_000_000,
                status);
    }

    /** Polls every 20 ms, as Benchmark.java does at concurrency 1. */
    private static String awaitFinished(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            HttpResponse<String> job = send("GET", "/api/jobs/" + jobId, null);
            String status = field(job.body(), "status");
            if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
                return status;
            }
            if (status == null || System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " did not finish: HTTP " + job.statusCode() + " " + job.body());
            }
            Thread.sleep(20);
        }
    }

    private static void destroyAll() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> destroys = new ArrayList<>();
        for (String societeId : List.copyOf(societeIds)) {
            destroys.add(clients.submit(() -> {
                HttpResponse<String> accepted = send("DELETE", "/api/societes/" + societeId + "/destroy-tenant", null);
                if (accepted.statusCode() == 202) {
                    awaitFinished(field(accepted.body(), "jobId"));
                }
                return null;
            }));
        }
        for (Future<?> destroy : destroys) {
            destroy.get();
        }
        clients.shutdown();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String number(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String json(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{\n");
        values.forEach((key, value) -> json.append("  \"").append(key).append("\": ")
                .append(value instanceof String ? "\"" + value + "\"" : value).append(",\n"));
        json.setLength(json.length() - 2);
        return json.append("\n}\n").toString();
    }

    /** One psql session kept open: statements in on stdin, each answer read up to a marker. */
    static final class Psql implements AutoCloseable {

        private static final String END = "--end-of-answer--";
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Psql() throws IOException {
            process = new ProcessBuilder(PSQL).redirectErrorStream(true).start();
            in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The lines psql printed for the statement (or meta-command). */
        List<String> query(String statement) throws IOException {
            in.write(statement + (statement.startsWith("\\") ? "\n" : ";\n") + "\\echo " + END + "\n");
            in.flush();
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); !END.equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("psql ended: " + lines);
                }
                if (line.startsWith("ERROR") || line.startsWith("psql:")) {
                    throw new IllegalStateException("psql: " + line);
                }
                lines.add(line);
            }
            return lines;
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
