import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a tenant's backup and IN_PLACE restore through the system against plain pg_dump and
 * pg_restore of the same database, in the same run. With the system running (./run.sh, on the
 * machine's PostgreSQL and RabbitMQ), it provisions N sociétés, gives each a table of R rows (about
 * 140 bytes each, random hex: a dump about half the table's size), then for each société, in turns that alternate which goes first: the system's
 * backup (POST …/backups → SUCCEEDED) and {@code pg_dump -Fc} to a file; the system's IN_PLACE
 * restore of that backup (POST …/restore → SUCCEEDED) and {@code createdb} + {@code pg_restore} of the
 * file into a scratch database. Times are the jobs' own (startedAt → finishedAt, what the worker
 * spends) and the tools' wall time; the restore's steps are printed too. The restore's previous
 * database is dropped after its job: the benchmark waits for that drop (and prints how long after the
 * job it came) before it times anything else, as it waits for dropdb of its own scratch database.
 * Erases the N sociétés afterwards (destroy-tenant?purge=true).
 *
 * <pre>java scripts/BackupBenchmark.java [baseUrl] [N tenants] [R rows]</pre>
 *
 * Defaults: http://127.0.0.1:8080, N=3, R=200000. Needs pg_dump, pg_restore, psql, createdb and
 * dropdb on the PATH (BENCH_PG for their target, default -h 127.0.0.1 -U postgres) and the
 * development ops key (TOPSTEEL_API_KEY for another).
 */
public class BackupBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = System.getenv().getOrDefault("TOPSTEEL_API_KEY", "topsteel-dev-ops-key");
    private static final String PG_TARGET = System.getenv().getOrDefault("BENCH_PG", "-h 127.0.0.1 -U postgres");
    private static final String PREFIX = System.getenv().getOrDefault("BENCH_TENANT_PREFIX", "erp_topsteel_");
    private static String baseUrl;

    record Turn(String code, long bytes, double systemBackup, double plainDump, double systemRestore, double plainRestore) {
    }

    public static void main(String[] args) throws Exception {
        baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        String run = Integer.toString(new Random().nextInt(1 << 20), 36);
        System.out.printf("Load average at start: %s%n", loadAverage());

        List<String[]> societes = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        try {
            for (int i = 0; i < tenants; i++) {
                String code = ("BKB" + run + "N" + i).toUpperCase(Locale.ROOT);
                String accepted = post("/api/societes/provision-tenant", """
                        {"nom": "Benchmark %s", "code": "%s"}""".formatted(code, code));
                String id = field(accepted, "societeId");
                String database = field(accepted, "databaseName");
                awaitJob(field(accepted, "jobId"));
                societes.add(new String[] {id, code, database});
                run(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c",
                        "create table bench_payload as select g as id, md5(random()::text) || md5(random()::text)"
                                + " || md5(random()::text) || md5(random()::text) as payload"
                                + " from generate_series(1, " + rows + ") g"), PG_TARGET);
            }
            for (int i = 0; i < societes.size(); i++) {
                turns.add(turn(societes.get(i), i % 2 == 0, run));
            }
        } finally {
            for (String[] societe : societes) {
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/societes/" + societe[0] + "/destroy-tenant?purge=true"))
                        .DELETE());
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-18s %9s | %10s %10s %6s | %10s %10s %6s%n", "tenant", "dump MB", "backup s",
                "pg_dump s", "ratio", "restore s", "pg_rest. s", "ratio");
        double backups = 0;
        double dumps = 0;
        double restores = 0;
        double plainRestores = 0;
        for (Turn turn : turns) {
            System.out.printf(Locale.ROOT, "%-18s %9.1f | %10.2f %10.2f %6.2f | %10.2f %10.2f %6.2f%n", turn.code(),
                    turn.bytes() / 1e6, turn.systemBackup(), turn.plainDump(), turn.systemBackup() / turn.plainDump(),
                    turn.systemRestore(), turn.plainRestore(), turn.systemRestore() / turn.plainRestore());
            backups += turn.systemBackup();
            dumps += turn.plainDump();
            restores += turn.systemRestore();
            plainRestores += turn.plainRestore();
        }
        System.out.printf(Locale.ROOT, "%-18s %9s | %10.2f %10.2f %6.2f | %10.2f %10.2f %6.2f%n", "total", "", backups, dumps,
                backups / dumps, restores, plainRestores, restores / plainRestores);
        System.out.printf("Load average at end: %s%n", loadAverage());
    }

    /** One société: backup and pg_dump, then restore and pg_restore, in the order given. */
    private static Turn turn(String[] societe, boolean systemFirst, String run) throws Exception {
        String id = societe[0];
        String database = societe[2];
        Path file = Files.createTempFile("backup-benchmark-", ".dump");
        String scratch = "bench_restore_" + run + "_" + societe[1].toLowerCase(Locale.ROOT);
        try {
            double systemBackup = 0;
            double plainDump = 0;
            String backupId = null;
            for (int pass = 0; pass < 2; pass++) {
                if ((pass == 0) == systemFirst) {
                    String accepted = post("/api/societes/" + id + "/backups", "");
                    backupId = field(accepted, "id");
                    systemBackup = awaitJob(field(accepted, "jobId"));
                } else {
                    long start = System.nanoTime();
                    run(List.of("pg_dump", "--format=custom", "-f", file.toString(), "-d", database), PG_TARGET);
                    plainDump = (System.nanoTime() - start) / 1e9;
                }
            }
            double systemRestore = 0;
            double plainRestore = 0;
            for (int pass = 0; pass < 2; pass++) {
                if ((pass == 0) == systemFirst) {
                    String accepted = post("/api/societes/" + id + "/restore",
                            "{\"backupId\": \"" + backupId + "\", \"mode\": \"IN_PLACE\"}");
                    systemRestore = awaitJob(field(accepted, "jobId"));
                    printSteps(field(accepted, "jobId"));
                    long waiting = System.nanoTime();
                    while (!capture(List.of("psql", "-tAc", "select count(*) from pg_database where datname like '"
                            + PREFIX + "\\_previous\\_%'", "postgres")).equals("0")) {
                        Thread.sleep(50);
                    }
                    System.out.printf(Locale.ROOT, "  previous database gone %.2f s after the job ended (polled from then)%n",
                            (System.nanoTime() - waiting) / 1e9);
                } else {
                    long start = System.nanoTime();
                    run(List.of("createdb", scratch), PG_TARGET);
                    run(List.of("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", scratch,
                            file.toString()), PG_TARGET);
                    plainRestore = (System.nanoTime() - start) / 1e9;
                    run(List.of("dropdb", scratch), PG_TARGET);
                }
            }
            String listing = get("/api/societes/" + id + "/backups");
            long bytes = Long.parseLong(number(listing, "\"sizeBytes\":"));
            System.out.printf(Locale.ROOT, "%s: backup %.2f s (pg_dump %.2f s), restore %.2f s (pg_restore %.2f s)%n",
                    societe[1], systemBackup, plainDump, systemRestore, plainRestore);
            return new Turn(societe[1], bytes, systemBackup, plainDump, systemRestore, plainRestore);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Seconds from the job's start to its end, as the worker recorded them; fails unless it SUCCEEDED. */
    private static double awaitJob(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            String job = get("/api/jobs/" + jobId);
            String status = field(job, "status");
            if (status.equals("SUCCEEDED")) {
                return Duration.between(OffsetDateTime.parse(field(job, "startedAt")),
                        OffsetDateTime.parse(field(job, "finishedAt"))).toNanos() / 1e9;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("job " + jobId + " FAILED: " + job);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("job " + jobId + " did not finish");
    }

    /** Each step of the job and its duration, from the job's own step log. */
    private static void printSteps(String jobId) throws Exception {
        String job = get("/api/jobs/" + jobId);
        Matcher step = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"durationMillis\"\\s*:\\s*(\\d+)").matcher(job);
        StringBuilder steps = new StringBuilder("  restore steps:");
        while (step.find()) {
            steps.append(' ').append(step.group(1)).append(' ').append(step.group(2)).append(" ms;");
        }
        System.out.println(steps);
    }

    private static String capture(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command.subList(0, 1));
        full.addAll(List.of(PG_TARGET.trim().split("\\s+")));
        full.addAll(command.subList(1, command.size()));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
        }
        return output;
    }

    private static void run(List<String> command, String target) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command.subList(0, 1));
        full.addAll(List.of(target.trim().split("\\s+")));
        full.addAll(command.subList(1, command.size()));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException notLinux) {
            return "unknown";
        }
    }

    private static String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String number(String json, String key) {
        Matcher matcher = Pattern.compile(Pattern.quote(key) + "\\s*(\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return matcher.group(1);
    }
}
