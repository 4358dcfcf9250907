package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Properties over generated hostile input, for every field of every request body, every query
 * parameter and path variable, the headers the gateway reads and the request line itself: the
 * answer is never a 5xx; a 4xx is problem+json, names the field at fault when it can, and writes
 * nothing; a client's mistake logs no warning and no stack trace. Each property runs a bounded
 * number of tries from one seed, printed on failure and replayed with {@code -Dhostile.seed=…}.
 */
class HostileInputTest extends SystemTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Map<String, String> OPS = Map.of("Authorization", "Bearer " + Api.OPS_KEY);
    private static final List<String> NOISE_FREE_LOGGERS = List.of("com.topsteel.provisioning.gateway",
            "org.springframework.web", "org.springframework.security", "org.apache.catalina", "org.apache.coyote",
            "org.apache.tomcat");

    private static RawHttp raw;
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** One connection for the thousand counts the properties make. */
    private static SingleConnectionDataSource counting;
    /**
     * The code of a société that exists: a body valid but for its hostile field is refused 409 at
     * the last check, after every rule a value must pass, and provisions nothing.
     */
    private static String takenCode;

    @BeforeAll
    static void listen() {
        raw = new RawHttp(system.baseUrl());
        TestServices services = system.services;
        counting = new SingleConnectionDataSource(services.postgres.jdbcUrl(services.authDatabase),
                services.postgres.username(), services.postgres.password(), true);
        takenCode = ProvisionTenantTest.uniqueCode("HOSTILETAKEN");
        assertThat(api.provision(ProvisionTenantTest.body("Prise", takenCode)).status()).isEqualTo(202);
        logs.start();
        root().addAppender(logs);
    }

    @AfterAll
    static void cleanUp() {
        root().detachAppender(logs);
        counting.destroy();
        // a hostile code may have been valid and free: later tests count on no job in flight
        db.awaitNoActiveJob(Duration.ofSeconds(120));
    }

    @AfterEach
    void clientMistakesLoggedNoWarningAndNoStackTrace() {
        List<ILoggingEvent> noisy;
        synchronized (logs) {
            noisy = logs.list.stream()
                    .filter(event -> NOISE_FREE_LOGGERS.stream().anyMatch(event.getLoggerName()::startsWith))
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                            || (event.getLevel().isGreaterOrEqual(Level.INFO) && event.getThrowableProxy() != null))
                    .toList();
            logs.list.clear();
        }
        assertThat(noisy).extracting(event -> event.getLevel() + " " + event.getLoggerName() + ": "
                + HostileValues.visible(event.getFormattedMessage())).isEmpty();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    // ---- request bodies -------------------------------------------------------------------------

    /** A valid provisioning request but for one field: the field's path and the body. */
    record BodyCase(String field, String body) {
        @Override
        public String toString() {
            return field + " in " + HostileValues.visible(body);
        }
    }

    @Test
    void a_provisioning_request_with_any_hostile_field_is_never_a_server_error_and_a_refused_one_writes_nothing() {
        forAll("provision-tenant body", 200, HostileInputTest::provisionCase, sample -> {
            Rows before = Rows.count();
            RawHttp.Response response = postJson("/api/societes/provision-tenant", sample.body(), Map.of());

            assertAnswered(response);
            if (response.status() >= 400) {
                assertThat(Rows.count()).as("a refused request writes nothing").isEqualTo(before);
                assertNamesTheField(response, sample.field());
            }
            if (response.status() < 400 || response.status() == 409) {
                assertThat(HostileValues.isStorable(decodedStrings(sample.body())))
                        .as("only text PostgreSQL can store passes every rule").isTrue();
            }
        });
    }

    private static BodyCase provisionCase(Random random) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("nom", "\"Société hostile\"");
        fields.put("code", "\"" + takenCode + "\"");
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("modules", "[\"stock\"]");
        configuration.put("theme", "{\"dark\": true}");
        configuration.put("locale", "\"fr\"");
        List<String> topLevel = List.of("nom", "code", "email", "plan", "maxUsers", "maxSites", "maxStorageBytes", "siret",
                "tva", "adresse", "codePostal", "ville", "pays", "telephone", "website", "configuration");
        List<String> nested = List.of("modules", "features", "theme", "locale", "timezone");
        String field;
        switch (random.nextInt(8)) {
            case 0, 1, 2, 3 -> {
                field = HostileValues.pick(random, topLevel);
                fields.put(field, field.equals("plan") && random.nextBoolean() ? String.valueOf(random.nextInt(5))
                        : HostileValues.jsonValue(random, 0));
            }
            case 4 -> {
                String part = HostileValues.pick(random, nested);
                field = "configuration." + part;
                configuration.put(part, HostileValues.jsonValue(random, 0));
            }
            case 5 -> {
                String list = HostileValues.pick(random, List.of("modules", "features"));
                field = "configuration." + list + "[1]";
                configuration.put(list, "[\"stock\", " + HostileValues.jsonValue(random, 1) + "]");
            }
            case 6 -> {
                // a hostile key or value inside the free-form theme
                String key = HostileValues.text(random);
                field = "configuration.theme";
                configuration.put("theme", "{" + HostileValues.jsonString(key) + ": " + HostileValues.jsonValue(random, 1) + "}");
            }
            default -> {
                // a key given twice, or one nobody asked for
                field = HostileValues.pick(random, List.of("nom", "code", "configuration"));
                String twice = random.nextBoolean() ? HostileValues.jsonString(field) : HostileValues.jsonString(HostileValues.text(random));
                return new BodyCase(twice.equals(HostileValues.jsonString(field)) ? field : "",
                        "{" + twice + ": " + HostileValues.jsonValue(random, 1) + ", " + body(fields, configuration).substring(1));
            }
        }
        return new BodyCase(field, body(fields, configuration));
    }

    private static String body(Map<String, String> fields, Map<String, String> configuration) {
        if (fields.get("configuration") == null) {
            fields.put("configuration", object(configuration));
        }
        return object(fields);
    }

    private static String object(Map<String, String> fields) {
        StringBuilder object = new StringBuilder("{");
        fields.forEach((name, value) -> object.append(object.length() > 1 ? ", " : "").append('"').append(name).append("\": ")
                .append(value));
        return object.append('}').toString();
    }

    @Test
    void a_webhook_subscription_with_any_hostile_field_is_never_a_server_error_and_a_refused_one_writes_nothing() {
        forAll("webhook subscription body", 100, random -> {
            String url = "\"http://127.0.0.1:9/hostile\"";
            String types = "[\"job.failed\"]";
            return switch (random.nextInt(4)) {
                case 0 -> new BodyCase("url", "{\"url\": " + HostileValues.jsonValue(random, 0) + ", \"eventTypes\": " + types + "}");
                case 1 -> new BodyCase("eventTypes", "{\"url\": " + url + ", \"eventTypes\": " + HostileValues.jsonValue(random, 0) + "}");
                case 2 -> new BodyCase("eventTypes[1]", "{\"url\": " + url + ", \"eventTypes\": [\"job.failed\", "
                        + HostileValues.jsonValue(random, 1) + "]}");
                default -> new BodyCase("url", "{\"url\": " + url + ", \"eventTypes\": " + types + ", \"url\": "
                        + HostileValues.jsonValue(random, 0) + "}");
            };
        }, sample -> {
            long before = subscriptions();
            RawHttp.Response response = postJson("/api/webhooks", sample.body(), Map.of());

            assertAnswered(response);
            if (response.status() >= 400) {
                assertThat(subscriptions()).isEqualTo(before);
                assertNamesTheField(response, sample.field());
            } else {
                api.delete("/api/webhooks/" + JSON.readTree(response.body()).path("id").asString());
            }
        });
    }

    @Test
    void a_body_that_is_not_utf8_or_not_json_is_refused_with_400_problem_json() {
        List<byte[]> spoilers = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {0},
                "\"".getBytes(StandardCharsets.UTF_8), "}".getBytes(StandardCharsets.UTF_8));
        forAll("bytes in a body", 60, random -> {
            byte[] body = ("{\"nom\": \"Société\", \"code\": \"" + takenCode + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] spoiler = HostileValues.pick(random, spoilers);
            int at = random.nextInt(body.length);
            byte[] spoilt = new byte[body.length + spoiler.length];
            System.arraycopy(body, 0, spoilt, 0, at);
            System.arraycopy(spoiler, 0, spoilt, at, spoiler.length);
            System.arraycopy(body, at, spoilt, at + spoiler.length, body.length - at);
            return spoilt;
        }, body -> {
            Rows before = Rows.count();
            RawHttp.Response response = raw.send("POST /api/societes/provision-tenant HTTP/1.1",
                    withOps(Map.of("Content-Type", "application/json")), body);

            assertAnswered(response);
            assertThat(response.status()).isGreaterThanOrEqualTo(400);
            assertThat(Rows.count()).isEqualTo(before);
        });
    }

    // ---- query parameters and path variables ------------------------------------------------------

    record Target(String method, String path, List<String> parameters) {
    }

    private static final List<Target> QUERIED = List.of(
            new Target("GET", "/api/societes", List.of("status", "plan", "code", "page", "size")),
            new Target("GET", "/api/societes/active", List.of("page", "size")),
            new Target("GET", "/api/societes/%s/users".formatted(UUID.randomUUID()), List.of("page", "size")),
            new Target("GET", "/api/jobs", List.of("status", "type", "societeId", "societeCode", "from", "to", "page", "size")),
            new Target("GET", "/api/ops/jobs", List.of("status", "type", "societeId", "societeCode", "from", "to", "page", "size")),
            new Target("POST", "/api/ops/jobs/retry", List.of("status", "type", "societeId", "societeCode", "from", "to", "dryRun",
                    "limit")));

    /** @param named what a refusal may name: the parameter as meant, as it decodes once spoilt, or the whole query */
    record QueryCase(String method, String target, Set<String> named) {
    }

    @Test
    void a_hostile_query_parameter_is_never_a_server_error_and_a_refusal_names_it() {
        forAll("query parameters", 200, random -> {
            Target target = HostileValues.pick(random, QUERIED);
            String parameter = random.nextInt(10) == 0 ? HostileValues.text(random) : HostileValues.pick(random, target.parameters());
            String value = switch (parameter) {
                case "from", "to" -> random.nextInt(4) == 0 ? HostileValues.text(random) : HostileValues.instant(random);
                case "page", "size", "limit" -> random.nextBoolean() ? HostileValues.number(random) : HostileValues.text(random);
                case "status", "type", "dryRun", "plan" -> HostileValues.pick(random, List.of("FAILED", "failed", "PROVISION_TENANT",
                        "true", "1", "yes", "STARTER", HostileValues.text(random), HostileValues.number(random)));
                case "societeId" -> random.nextBoolean() ? UUID.randomUUID().toString() : HostileValues.text(random);
                default -> HostileValues.text(random);
            };
            String name = HostileValues.percentEncoded(random, parameter);
            StringBuilder query = new StringBuilder(name).append('=').append(HostileValues.percentEncoded(random, value));
            if (target.path().endsWith("/retry")) {
                // whatever the hostile value, nothing is retried for real: a dry run, of jobs no test created
                if (!parameter.equals("dryRun")) {
                    query.append("&dryRun=true");
                }
                if (!parameter.equals("societeCode")) {
                    query.append("&societeCode=NOSUCHCODE");
                }
            }
            Set<String> named = new HashSet<>(List.of(parameter, "query"));
            try {
                named.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException undecodable) {
                // then only "query" can be named
            }
            return new QueryCase(target.method(), target.path() + "?" + query, named);
        }, sample -> {
            Rows before = Rows.count();
            RawHttp.Response response = raw.send(sample.method() + " " + sample.target() + " HTTP/1.1", OPS,
                    sample.method().equals("POST") ? new byte[0] : null);

            assertAnswered(response);
            if (response.status() >= 400) {
                assertThat(Rows.count()).isEqualTo(before);
                List<String> fields = errorFields(response);
                if (!fields.isEmpty()) {
                    assertThat(fields).as("the parameter at fault").containsAnyElementsOf(sample.named());
                }
            }
        });
    }

    @Test
    void a_hostile_path_variable_is_never_a_server_error() {
        List<String> templates = List.of("GET /api/societes/by-code/%s", "GET /api/societes/%s", "GET /api/societes/%s/users", "GET /api/jobs/%s",
                "GET /api/ops/jobs/%s", "GET /api/webhooks/%s", "GET /api/webhooks/%s/deliveries",
                "GET /api/webhooks/deliveries/%s", "POST /api/jobs/%s/retry", "PUT /api/societes/%s/suspend",
                "DELETE /api/societes/%s/destroy-tenant", "GET /api/jobs/%s/events");
        forAll("path variables", 150, random -> String.format(HostileValues.pick(random, templates),
                random.nextInt(8) == 0 ? UUID.randomUUID().toString() : HostileValues.percentEncoded(random, HostileValues.text(random))),
                requestLine -> {
                    Rows before = Rows.count();
                    RawHttp.Response response = raw.send(requestLine + " HTTP/1.1", OPS,
                            requestLine.startsWith("GET") ? null : new byte[0]);

                    assertAnswered(response);
                    assertThat(Rows.count()).isEqualTo(before);
                });
    }

    // ---- headers and the request line -----------------------------------------------------------

    record HeaderCase(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + HostileValues.visible(value);
        }
    }

    @Test
    void a_hostile_idempotency_key_content_type_or_accept_header_is_never_a_server_error() {
        forAll("headers", 150, random -> {
            String name = HostileValues.pick(random, List.of("Idempotency-Key", "Content-Type", "Accept"));
            String value = switch (name) {
                case "Content-Type" -> HostileValues.pick(random, List.of("*/*", "text/*", "application/*", "*/json", "text/plain",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ";;;", "application/json; charset=ebcdic",
                        "application/json; charset=utf-8", "application/problem+json", "application/json\u00e9", ""));
                case "Accept" -> HostileValues.pick(random, List.of("text/html", "*/*", "application/xml", "image/png;q=0.9",
                        ";;;", "application/json;q=abc", "text/event-stream"));
                default -> latin1(random);
            };
            return new HeaderCase(name, value);
        }, sample -> {
            Rows before = Rows.count();
            // missing nom: whatever the header, nothing may be created
            RawHttp.Response posted = raw.send("POST /api/societes/provision-tenant HTTP/1.1",
                    withOps(sample.name().equals("Content-Type") ? Map.of(sample.name(), sample.value())
                            : Map.of("Content-Type", "application/json", sample.name(), sample.value())),
                    "{\"code\": \"HOSTILEHEADER\"}".getBytes(StandardCharsets.UTF_8));
            RawHttp.Response read = raw.get("/api/societes?size=1", withOps(Map.of(sample.name(), sample.value())));

            assertAnswered(posted);
            assertThat(posted.status()).isGreaterThanOrEqualTo(400);
            assertAnswered(read);
            assertThat(Rows.count()).isEqualTo(before);
        });
    }

    /** Any byte a header value may carry on the wire but CR and LF, which would end it. */
    private static String latin1(Random random) {
        StringBuilder value = new StringBuilder();
        for (int i = random.nextInt(300) + 1; i > 0; i--) {
            char c = (char) random.nextInt(256);
            value.append(c == '\r' || c == '\n' ? 'x' : c);
        }
        return value.toString();
    }

    @Test
    void an_odd_request_line_unknown_path_or_wrong_method_is_answered_with_problem_json_never_a_server_error() {
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "get");
        List<String> paths = List.of("/api/societes", "/api/nothing", "/api//societes", "/api/./societes", "/api/societes/..",
                "/api/%2e%2e/jobs", "/api/societes;x=1", "/api/soc ietes", "/api/societes\\x", "/api/societes|x", "/api/societes%00",
                "/api/societes%ff", "/api/%25", "//", "/ops/../api/jobs", "/api/" + "a".repeat(9_000), "*", "api/societes",
                "/error", "/actuator/%00", "/v3/api-docs%ff");
        forAll("request lines", 150, random -> HostileValues.pick(random, methods) + " " + HostileValues.pick(random, paths)
                + (random.nextInt(6) == 0 ? "?" + HostileValues.percentEncoded(random, HostileValues.text(random)) : ""),
                line -> {
                    Rows before = Rows.count();
                    RawHttp.Response response = raw.send(line + " HTTP/1.1", OPS, line.startsWith("GET") ? null : new byte[0]);

                    assertAnswered(response);
                    if (response.status() == 405) {
                        assertThat(response.headers()).as("405 says what is allowed").containsKey("allow");
                    }
                    assertThat(Rows.count()).isEqualTo(before);
                });
    }

    // ---- the properties' vocabulary ---------------------------------------------------------------

    /**
     * Runs {@code property} on {@code tries} samples, each drawn from its own random source of one
     * seed; a failure names the seed and the try.
     */
    private static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property) {
        long seed = Long.getLong("hostile.seed", ThreadLocalRandom.current().nextLong());
        for (int i = 0; i < tries; i++) {
            T sample = generator.apply(new Random(seed + i));
            try {
                property.accept(sample);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(name + ": try " + i + " of -Dhostile.seed=" + seed + " failed for " + sample
                        + "\n" + failure.getMessage(), failure);
            }
        }
    }

    /** Never a 5xx; a 4xx is problem+json with its status in the body. */
    private static void assertAnswered(RawHttp.Response response) {
        assertThat(response.status()).as("no server error: %s", response).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.contentType()).as("%s", response).startsWith(PROBLEM_JSON);
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(response.status());
        }
    }

    /** A 400 for a body names the field at fault, or one it contains, or the one containing it. */
    private static void assertNamesTheField(RawHttp.Response response, String field) {
        if (response.status() != 400 || field.isEmpty() || !HostileValues.isStorable(field)) {
            return;
        }
        List<String> fields = errorFields(response);
        assertThat(fields).as("errors of %s", response).isNotEmpty();
        assertThat(fields).as("naming %s", field).anySatisfy(named -> assertThat(within(named, field) || within(field, named))
                .as(named).isTrue());
    }

    /** {@code inner} is {@code outer} or a part of it: {@code configuration.theme.dark} of {@code configuration}. */
    private static boolean within(String inner, String outer) {
        return inner.equals(outer) || (inner.startsWith(outer) && ".[<".indexOf(inner.charAt(outer.length())) >= 0);
    }

    private static List<String> errorFields(RawHttp.Response response) {
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    private static RawHttp.Response postJson(String path, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return raw.send("POST " + path + " HTTP/1.1", withOps(all), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> withOps(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(OPS);
        all.putAll(headers);
        return all;
    }

    /** Every string literal of a generated body, decoded, run together: what the gateway would have stored. */
    private static String decodedStrings(String body) {
        StringBuilder strings = new StringBuilder();
        collect(JSON.readTree(body), strings);
        return strings.toString();
    }

    private static void collect(JsonNode node, StringBuilder strings) {
        if (node.isString()) {
            strings.append(node.asString()).append(' ');
        }
        node.properties().forEach(entry -> {
            strings.append(entry.getKey()).append(' ');
            collect(entry.getValue(), strings);
        });
        if (node.isArray()) {
            node.forEach(element -> collect(element, strings));
        }
    }

    private static long subscriptions() {
        return JdbcClient.create(counting).sql("select count(*) from provisioning.webhook_subscriptions").query(Long.class).single();
    }

    /** The rows a request may write: a société, a job, a command in the outbox. */
    record Rows(long societes, long jobs, long outbox) {
        static Rows count() {
            return JdbcClient.create(counting).sql("""
                    select (select count(*) from societes) as societes, (select count(*) from provisioning.jobs) as jobs,
                           (select count(*) from provisioning.outbox) as outbox""")
                    .query((rs, row) -> new Rows(rs.getLong("societes"), rs.getLong("jobs"), rs.getLong("outbox")))
                    .single();
        }
    }
}
