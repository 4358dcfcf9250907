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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the running system (./run.sh) on this machine and, in the same run, PostgreSQL alone
 * doing the same work through psql (at concurrency 1, each baseline run right after a
 * provisioning, so both meet the same load). With the N sociétés present, times the first and
 * last page of the société and job listings and counts the sessions left open on their
 * databases. Prints a table and writes benchmark-results.json.
 *
 * <pre>java scripts/Benchmark.java [baseUrl] [N tenants] [C concurrency]</pre>
 *
 * Defaults: http://127.0.0.1:8080, N=50, C=4 (sized for 2 cores). Needs psql on the PATH and the
 * development ops key (TOPSTEEL_API_KEY to use another). Creates and destroys N sociétés.
 */
public class Benchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = System.getenv().getOrDefault("TOPSTEEL_API_KEY", "topsteel-dev-ops-key");
    private static final String PSQL_TARGET = System.getenv().getOrDefault("BENCH_PSQL", "-h 127.0.0.1 -U postgres");
    private static String baseUrl;
    /** Between two status reads of one client: all clients together read 50 times a second. */
    private static long pollMillis;

    record Provisioned(String societeId, String databaseName, long acceptMillis, long endToEndMillis, String status) {
    }

    public static void main(String[] args) throws Exception {
        baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String run = Integer.toString(new Random().nextInt(1 << 20), 36);
        pollMillis = 20L * concurrency;

        System.out.printf("Provisioning %d sociétés at concurrency %d against %s ...%n", tenants, concurrency, baseUrl);
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Provisioned> provisioned = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        int baselineRuns = Math.min(tenants, 10);
        long provisionNanos = 0;
        if (concurrency == 1) {
            // one client: the baseline runs between the provisionings, so both meet the same load on the machine
            for (int i = 0; i < tenants; i++) {
                long start = System.nanoTime();
                provisioned.add(provision(code(run, i)));
                provisionNanos += System.nanoTime() - start;
                if (i < baselineRuns) {
                    baseline.add(psqlBaseline("bench_psql_" + run + "_" + i));
                }
            }
        } else {
            long start = System.nanoTime();
            List<Future<Provisioned>> futures = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                String code = code(run, i);
                futures.add(clients.submit(() -> provision(code)));
            }
            for (Future<Provisioned> future : futures) {
                provisioned.add(future.get());
            }
            provisionNanos = System.nanoTime() - start;
        }
        double provisionSeconds = provisionNanos / 1e9;
        long failed = provisioned.stream().filter(p -> !p.status().equals("SUCCEEDED")).count();

        System.out.printf("Listing with the %d sociétés present ...%n", tenants);
        Map<String, Object> listings = timeListings(tenants);
        // every job has ended: no session may be left open on a tenant database
        String databasePrefix = provisioned.get(0).databaseName().replaceAll("0$", "");
        long tenantSessions = Long.parseLong(psqlQuery("postgres",
                "select count(*) from pg_stat_activity where left(datname, " + databasePrefix.length() + ") = '"
                        + databasePrefix + "'"));

        System.out.printf("Destroying them ...%n");
        List<Future<Long>> destroys = new ArrayList<>();
        for (Provisioned p : provisioned) {
            destroys.add(clients.submit(() -> destroy(p.societeId())));
        }
        List<Long> destroyMillis = new ArrayList<>();
        for (Future<Long> destroy : destroys) {
            destroyMillis.add(destroy.get());
        }
        clients.shutdown();

        if (baseline.isEmpty()) {
            System.out.printf("Baseline: the same work with psql alone ...%n");
            for (int i = 0; i < baselineRuns; i++) {
                baseline.add(psqlBaseline("bench_psql_" + run + "_" + i));
            }
        }

        List<Long> accept = provisioned.stream().map(Provisioned::acceptMillis).toList();
        List<Long> endToEnd = provisioned.stream().map(Provisioned::endToEndMillis).toList();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("tenants", tenants);
        results.put("concurrency", concurrency);
        results.put("failed", failed);
        results.put("acceptP50Ms", percentile(accept, 50));
        results.put("acceptP95Ms", percentile(accept, 95));
        results.put("acceptP99Ms", percentile(accept, 99));
        results.put("acceptRequestsPerSecond", round(tenants / (accept.stream().mapToLong(Long::longValue).sum() / 1000.0 / concurrency)));
        results.put("endToEndP50Ms", percentile(endToEnd, 50));
        results.put("endToEndP95Ms", percentile(endToEnd, 95));
        results.put("endToEndP99Ms", percentile(endToEnd, 99));
        results.put("tenantsPerMinute", round(tenants / provisionSeconds * 60));
        results.put("destroyP50Ms", percentile(destroyMillis, 50));
        results.put("psqlBaselineP50Ms", percentile(baseline, 50));
        results.put("ratioEndToEndP50ToBaseline", round((double) percentile(endToEnd, 50) / Math.max(1, percentile(baseline, 50))));
        results.putAll(listings);
        results.put("tenantDatabaseSessionsAfterJobs", tenantSessions);
        results.put("gatewayPeakRssMb", peakRssMegabytes("api-gateway"));
        results.put("workerPeakRssMb", peakRssMegabytes("provisioning-worker"));

        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        results.forEach((name, value) -> System.out.printf("| %s | %s |%n", name, value));
        Files.writeString(Path.of("benchmark-results.json"), toJson(results));
        System.out.println("\nWritten to benchmark-results.json");
    }

    private static String code(String run, int index) {
        return "BENCH" + run.toUpperCase(Locale.ROOT) + "_" + index;
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
        String status = awaitFinished(field(accepted.body(), "jobId"));
        return new Provisioned(field(accepted.body(), "societeId"), field(accepted.body(), "databaseName"), acceptMillis, (System.nanoTime() - start) / 1_000_000, status);
    }

    /**
     * The first and the last page (20 rows) of the société and job listings, 10 times each; p50
     * in ms, and the total each listing reports (at least N: other sociétés may exist).
     */
    private static Map<String, Object> timeListings(int tenants) throws Exception {
        Map<String, Object> listings = new LinkedHashMap<>();
        for (String listing : List.of("societes", "jobs")) {
            String path = "/api/" + listing + "?size=20&page=";
            long total = Long.parseLong(number(send("GET", path + 0, null).body(), "totalElements"));
            long lastPage = (total - 1) / 20;
            for (long page : List.of(0L, lastPage)) {
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = send("GET", path + page, null);
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET " + path + page + ": HTTP " + response.statusCode());
                    }
                }
                listings.put(listing + (page == 0 ? "FirstPage" : "LastPage") + "P50Ms", percentile(millis, 50));
            }
            listings.put(listing + "Listed", total);
        }
        return listings;
    }

    private static long destroy(String societeId) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> accepted = send("DELETE", "/api/societes/" + societeId + "/destroy-tenant", null);
        if (accepted.statusCode() == 202) {
            awaitFinished(field(accepted.body(), "jobId"));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The job's final status; a job unfinished after 5 minutes, or an answer without status (401, 404), stops the run. */
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
            Thread.sleep(pollMillis);
        }
    }

    /** CREATE DATABASE from the same template, the seed rows, then DROP: what provisioning does, minus everything else. */
    private static long psqlBaseline(String database) throws Exception {
        String seed = """
                insert into system_parameters (key, value, type, category) values
                  ('company_name', 'Société X', 'string', 'general'), ('currency', 'EUR', 'string', 'financial'),
                  ('vat_rate', '20.0', 'number', 'financial'), ('decimal_precision', '2', 'number', 'general'),
                  ('auto_numbering', 'true', 'boolean', 'general'), ('backup_enabled', 'true', 'boolean', 'system'),
                  ('audit_enabled', 'true', 'boolean', 'system');
                insert into material_categories (code, name, description) values
                  ('ACIER', 'Acier', 'Catégorie Acier'), ('ALUMINIUM', 'Aluminium', 'Catégorie Aluminium'),
                  ('INOX', 'Inox', 'Catégorie Inox'), ('CUIVRE', 'Cuivre', 'Catégorie Cuivre'),
                  ('LAITON', 'Laiton', 'Catégorie Laiton'), ('CONSOMMABLES', 'Consommables', 'Catégorie Consommables'),
                  ('OUTILLAGE', 'Outillage', 'Catégorie Outillage');
                insert into numbering_sequences (document_type, prefix) values ('CLIENT', 'CLI'), ('DEVIS', 'DEV'),
                  ('COMMANDE', 'CMD'), ('FACTURE', 'FAC'), ('PROJET', 'PRJ'), ('ORDRE_FABRICATION', 'OF'), ('FOURNISSEUR', 'FRN');
                insert into sites (code, name, is_default) values ('PRINCIPAL', 'Site principal', true);
                """;
        // the template of the newest TENANT schema version (erp_topsteel_template_v2, …), as the worker copies it
        String template = psqlQuery("postgres", """
                select datname from pg_database where datname like 'erp\\_topsteel\\_template\\_v%'
                order by string_to_array(substr(datname, 24), '_')::int[] desc limit 1""").trim();
        long start = System.nanoTime();
        psql("postgres", "create database " + database + " template " + template);
        psql(database, seed);
        long millis = (System.nanoTime() - start) / 1_000_000;
        psql("postgres", "drop database " + database);
        return millis;
    }

    private static void psql(String database, String sql) throws IOException, InterruptedException {
        psqlQuery(database, sql);
    }

    /** Runs the SQL; returns what psql printed, unaligned and without headers. */
    private static String psqlQuery(String database, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", database));
        command.addAll(List.of(PSQL_TARGET.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(sql.getBytes());
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return output.strip();
    }

    /** Peak resident memory (VmHWM) of the service's JVM on this machine, or -1 when it is not found. */
    private static long peakRssMegabytes(String service) throws IOException {
        for (ProcessHandle process : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
            String commandLine = process.info().commandLine().orElse("");
            if (commandLine.contains(service) && commandLine.contains("exec.jar")) {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            }
        }
        return -1;
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return value.find() ? value.group(1) : null;
    }

    private static String number(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return value.find() ? value.group(1) : null;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String toJson(Map<String, Object> results) {
        StringBuilder json = new StringBuilder("{\n");
        results.forEach((name, value) -> json.append("  \"").append(name).append("\": ").append(value).append(",\n"));
        json.setLength(json.length() - 2);
        return json.append("\n}\n").toString();
    }
}
