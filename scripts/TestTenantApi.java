import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's test-tenant-api.ts, ported: against a running system, create a société, follow its
 * job to the end and print the steps' log, check the société exists, check a duplicate is refused.
 *
 * <pre>java scripts/TestTenantApi.java [baseUrl] [code]</pre>
 *
 * The API key comes from {@code TOPSTEEL_API_KEY} (default: the development client key).
 * Needs only a JDK (single-file source launch); exits 1 when an expectation fails.
 */
public class TestTenantApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String API_KEY = System.getenv().getOrDefault("TOPSTEEL_API_KEY", "topsteel-dev-client-key");
    private static String baseUrl;
    private static int failures;

    public static void main(String[] args) throws Exception {
        baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String code = args.length > 1 ? args[1] : "DEMO" + Integer.toString(new Random().nextInt(1 << 20), 36).toUpperCase();
        String body = """
                {"nom": "Métallurgie %s", "code": "%s", "email": "contact@acme.com", "plan": "PROFESSIONAL", "maxUsers": 10, "maxSites": 2}"""
                .formatted(code, code);

        System.out.println("1. Création de la société " + code);
        HttpResponse<String> created = send("POST", "/api/societes/provision-tenant", body);
        expect(created.statusCode() == 202, "provision-tenant answers 202", created);
        String jobId = field(created.body(), "jobId");
        String societeId = field(created.body(), "societeId");
        System.out.println("   base de données : " + field(created.body(), "databaseName") + ", job " + jobId);

        System.out.println("2. Suivi du job");
        String job = awaitFinished(jobId, Duration.ofMinutes(2));
        System.out.println("   statut : " + field(job, "status") + " — " + field(job, "message"));
        printSteps(job);
        expect("SUCCEEDED".equals(field(job, "status")), "the job succeeds", null);

        System.out.println("3. Vérification de l'existence de la société");
        HttpResponse<String> societe = send("GET", "/api/societes/" + societeId, null);
        expect(societe.statusCode() == 200 && "ACTIVE".equals(field(societe.body(), "status")),
                "the société exists and is ACTIVE", societe);
        HttpResponse<String> byCode = send("GET", "/api/societes/by-code/" + code, null);
        expect(byCode.statusCode() == 200, "the société is found by its code", byCode);

        System.out.println("4. Gestion des doublons");
        HttpResponse<String> duplicate = send("POST", "/api/societes/provision-tenant", body.replace(code, code.toLowerCase()));
        expect(duplicate.statusCode() == 409, "a duplicate code is refused with 409", duplicate);
        System.out.println("   " + field(duplicate.body(), "detail"));

        System.out.println(failures == 0 ? "Tous les tests sont passés." : failures + " test(s) en échec.");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static String awaitFinished(String jobId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String job = send("GET", "/api/jobs/" + jobId, null).body();
            String status = field(job, "status");
            if ("SUCCEEDED".equals(status) || "FAILED".equals(status) || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(250);
        }
    }

    private static void printSteps(String job) {
        Matcher step = Pattern.compile("\\{\"position\":(\\d+),\"name\":\"([^\"]+)\",\"status\":\"([^\"]+)\",\"attempts\":(\\d+)"
                + ".*?\"durationMillis\":(null|\\d+),\"lastError\":(null|\"(?:[^\"\\\\]|\\\\.)*\")").matcher(job);
        while (step.find()) {
            System.out.printf("   %s. %-22s %-12s tentative(s) %s, %s ms%s%n", step.group(1), step.group(2), step.group(3),
                    step.group(4), step.group(5), "null".equals(step.group(6)) ? "" : " — " + step.group(6));
        }
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,}\\]]+))").matcher(json);
        if (!value.find()) {
            return null;
        }
        return value.group(1) != null ? value.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : value.group(2);
    }

    private static void expect(boolean condition, String what, HttpResponse<String> response) {
        System.out.println("   " + (condition ? "OK    " : "ÉCHEC ") + what
                + (condition || response == null ? "" : " (HTTP " + response.statusCode() + ": " + response.body() + ")"));
        if (!condition) {
            failures++;
        }
    }
}
