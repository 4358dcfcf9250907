package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Every bad request is answered 400 problem+json naming the field at fault, and creates nothing. */
class InvalidProvisionRequestTest extends SystemTest {


    /** Jobs of other tests still running would change the counts this test compares. */
    @BeforeEach
    void noJobInFlight() {
        db.awaitNoActiveJob(Duration.ofSeconds(90));
    }

    static Stream<Arguments> invalidRequests() {
        String valid = "\"nom\": \"Valide\", \"code\": \"BADINPUT\"";
        return Stream.of(
                Arguments.of("missing nom", "{\"code\": \"BADINPUT\"}", "nom"),
                Arguments.of("blank nom", "{\"nom\": \"   \", \"code\": \"BADINPUT\"}", "nom"),
                Arguments.of("nom too long", "{\"nom\": \"" + "n".repeat(256) + "\", \"code\": \"BADINPUT\"}", "nom"),
                Arguments.of("missing code", "{\"nom\": \"Valide\"}", "code"),
                Arguments.of("code with SQL", "{\"nom\": \"Valide\", \"code\": \"acme\\\"; DROP DATABASE x; --\"}", "code"),
                Arguments.of("code with a path", "{\"nom\": \"Valide\", \"code\": \"../etc\"}", "code"),
                Arguments.of("code with a space", "{\"nom\": \"Valide\", \"code\": \"ac me\"}", "code"),
                Arguments.of("code with a Cyrillic look-alike", "{\"nom\": \"Valide\", \"code\": \"\u0410CME\"}", "code"),
                Arguments.of("code too long for 63 bytes", "{\"nom\": \"Valide\", \"code\": \"" + "a".repeat(60) + "\"}", "code"),
                Arguments.of("code naming the AUTH database", "{\"nom\": \"Valide\", \"code\": \"auth\"}", "code"),
                Arguments.of("code naming the SHARED database", "{\"nom\": \"Valide\", \"code\": \"SHARED\"}", "code"),
                Arguments.of("code naming a template database", "{\"nom\": \"Valide\", \"code\": \"template0\"}", "code"),
                Arguments.of("code naming the postgres database", "{\"nom\": \"Valide\", \"code\": \"postgres\"}", "code"),
                Arguments.of("bad email", "{" + valid + ", \"email\": \"not-an-email\"}", "email"),
                Arguments.of("unknown plan", "{" + valid + ", \"plan\": \"GOLD\"}", "plan"),
                Arguments.of("maxUsers 0", "{" + valid + ", \"maxUsers\": 0}", "maxUsers"),
                Arguments.of("maxUsers 1001", "{" + valid + ", \"maxUsers\": 1001}", "maxUsers"),
                Arguments.of("maxUsers not a number", "{" + valid + ", \"maxUsers\": \"ten\"}", "maxUsers"),
                Arguments.of("maxSites 0", "{" + valid + ", \"maxSites\": 0}", "maxSites"),
                Arguments.of("maxSites 51", "{" + valid + ", \"maxSites\": 51}", "maxSites"),
                Arguments.of("negative maxStorageBytes", "{" + valid + ", \"maxStorageBytes\": -1}", "maxStorageBytes"),
                Arguments.of("siret not 14 digits", "{" + valid + ", \"siret\": \"123\"}", "siret"),
                Arguments.of("website not a URL", "{" + valid + ", \"website\": \"javascript:alert(1)\"}", "website"),
                Arguments.of("unknown time zone", "{" + valid + ", \"configuration\": {\"timezone\": \"Mars/Olympus\"}}",
                        "configuration.timezone"),
                Arguments.of("misspelt field", "{" + valid + ", \"maxUser\": 3}", "maxUser"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void is_refused_with_400_naming_the_field_and_changes_nothing(String description, String body, String field) {
        long societes = db.count("select count(*) from societes");
        long jobs = db.count("select count(*) from provisioning.jobs");
        long outbox = db.count("select count(*) from provisioning.outbox");
        List<String> databases = system.services.databasesOfThisRun();

        Api.Response response = api.provision(body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.body().path("errors");
        assertThat(errors.values()).extracting(error -> error.path("field").asString()).contains(field);
        assertThat(errors.values()).allSatisfy(error -> assertThat(error.path("message").asString()).isNotBlank());
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
        assertThat(db.count("select count(*) from provisioning.jobs")).isEqualTo(jobs);
        assertThat(db.count("select count(*) from provisioning.outbox")).isEqualTo(outbox);
        // no database made; one may go meanwhile (a restore's set-aside database is dropped in the background)
        assertThat(system.services.databasesOfThisRun()).isSubsetOf(databases);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformed_json_is_refused_with_400(String description, String body) {
        Api.Response response = api.provision(body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @org.junit.jupiter.api.Test
    void a_body_over_the_size_limit_is_refused_with_413_whether_declared_or_chunked() {
        String huge = "{\"nom\": \"" + "x".repeat(70_000) + "\", \"code\": \"HUGE\"}";
        long societes = db.count("select count(*) from societes");

        Api.Response declared = api.provision(huge);
        Api.Response chunked = api.postChunked("/api/societes/provision-tenant", huge.getBytes());
        Api.Response chunkedWithKey = api.postChunked("/api/societes/provision-tenant", huge.getBytes(),
                Map.of("Idempotency-Key", "huge-" + System.nanoTime()));

        for (Api.Response response : List.of(declared, chunked, chunkedWithKey)) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("truncated", "{\"nom\": \"Valide\", \"code\": "),
                Arguments.of("not an object", "[1, 2]"),
                Arguments.of("empty", ""));
    }
}
