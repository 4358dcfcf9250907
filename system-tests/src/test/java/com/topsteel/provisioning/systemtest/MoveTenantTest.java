package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Moving tenants between two real PostgreSQL servers, and draining one (docs/servers.md#moving-a-tenant):
 * the run's primary ({@code default}) and the embedded {@link SecondServer}, opened for this class.
 * Rows written before a move are read after it on the target only; refused moves change nothing; a
 * failure undoes the move; a worker killed at each step leaves each société on exactly one server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoveTenantTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** A worker JVM took over 90 s to start while four builds shared two cores. */
    private static final Duration WORKER_STARTUP = Duration.ofMinutes(3);
    private static final String SECOND = "/api/ops/servers/" + SecondServer.NAME;
    private static final List<String> STEPS = List.of("enter-maintenance", "copy-to-target", "verify-copy",
            "create-target-role", "switch-to-target", "drop-source", "leave-maintenance");

    private static SecondServer second;
    /** Code → société id of every société this class made and has not destroyed. */
    private static final Map<String, String> made = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    @BeforeAll
    static void openTheSecondServer() {
        second = system.services.secondServer;
    }

    @AfterAll
    static void destroyWhatWasMadeAndCloseTheSecondServer() {
        try {
            api.patch("/api/ops/servers/default", "{\"status\": \"ACTIVE\"}");
            List<String> jobs = new ArrayList<>();
            made.forEach((code, id) -> {
                Api.Response destroy = api.delete("/api/societes/" + id + "/destroy-tenant?purge=true");
                if (destroy.status() == 202) {
                    jobs.add(destroy.body().path("jobId").asString());
                }
            });
            jobs.forEach(job -> api.awaitFinished(job, TIMEOUT));
        } finally {
            api.patch(SECOND, "{\"status\": \"DISABLED\", \"maxTenants\": null}");
        }
    }

    @Test
    @Order(1)
    void a_move_that_cannot_run_is_refused_naming_the_field_and_nothing_changes() {
        String code = provisioned("MVNO", "default");
        String id = made.get(code);
        String move = "/api/societes/" + id + "/move";
        long jobsBefore = db.count("select count(*) from provisioning.jobs");

        assertThat(api.as(Api.CLIENT_KEY).post(move, toServer(SecondServer.NAME)).status()).isEqualTo(403);
        assertRefused(api.post(move, toServer(SecondServer.NAME)), 409, "server"); // DISABLED
        assertRefused(api.post(move, toServer("nowhere")), 422, "server");
        assertRefused(api.post(move, toServer("default")), 409, "server");
        api.patch(SECOND, "{\"status\": \"ACTIVE\", \"maxTenants\": " + api.get(SECOND).body().path("tenants").asLong() + "}");
        assertRefused(api.post(move, toServer(SecondServer.NAME)), 503, "server");
        api.patch(SECOND, "{\"maxTenants\": null}");
        assertRefused(api.post(move, "{}"), 400, "server");
        assertRefused(api.post(move, "{\"server\": null}"), 400, "server");
        assertRefused(api.post(move, "{\"server\": 2}"), 400, "server");
        assertRefused(api.post(move, "{\"server\": \"Not A Server\"}"), 400, "server");
        assertRefused(api.post(move, "{\"server\": \"second\", \"force\": true}"), 400, "force");
        for (String malformed : List.of("", "[]", "\"second\"", "{\"server\": \"second\"", "null")) {
            Api.Response answer = api.post(move, malformed);
            assertThat(answer.status()).as(malformed).isEqualTo(400);
            assertThat(answer.contentType()).as(malformed).startsWith("application/problem+json");
        }
        assertThat(api.post("/api/societes/00000000-0000-0000-0000-000000000000/move", toServer(SecondServer.NAME)).status())
                .isEqualTo(404);

        assertThat(db.count("select count(*) from provisioning.jobs")).isEqualTo(jobsBefore);
        JsonNode societe = api.get("/api/societes/" + id).body();
        assertThat(societe.path("server").asString()).isEqualTo("default");
        assertThat(societe.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(second.exists(system.databaseName(code))).isFalse();
    }

    @Test
    @Order(2)
    void a_move_brings_the_data_its_role_and_password_to_the_target_drops_the_source_and_reports_the_downtime() {
        String code = provisioned("MVOK", "default");
        String database = system.databaseName(code);
        db.in(database).sql("insert into clients (code, raison_sociale) values ('C1', 'Forges du Nord'), ('C2', 'Aciers Sud')")
                .update();
        String role = database + "_app";
        String verifier = db.auth().sql("select rolpassword from pg_authid where rolname = :role").param("role", role)
                .query(String.class).single();

        // two moves of one société at once: one is accepted, the other finds its job
        List<CompletableFuture<Api.Response>> both = List.of(
                CompletableFuture.supplyAsync(() -> api.post("/api/societes/" + made.get(code) + "/move", toServer(SecondServer.NAME))),
                CompletableFuture.supplyAsync(() -> api.post("/api/societes/" + made.get(code) + "/move", toServer(SecondServer.NAME))));
        List<Integer> statuses = both.stream().map(CompletableFuture::join).map(Api.Response::status).sorted().toList();
        assertThat(statuses).containsExactly(202, 409);
        Api.Response accepted = both.stream().map(CompletableFuture::join).filter(answer -> answer.status() == 202)
                .findFirst().orElseThrow();
        JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("steps").values()).extracting(step -> step.path("name").asString()).containsExactlyElementsOf(STEPS);
        JsonNode result = job.path("result");
        assertThat(result.path("sourceServer").asString()).isEqualTo("default");
        assertThat(result.path("targetServer").asString()).isEqualTo(SecondServer.NAME);
        assertThat(result.path("downtimeMillis").asLong()).as("the time the société was unavailable").isPositive();
        assertThat(job.path("message").asString()).contains("indisponible");
        assertThat(api.get("/api/societes/" + made.get(code)).body().path("server").asString()).isEqualTo(SecondServer.NAME);
        assertThat(api.get("/api/societes/" + made.get(code)).body().path("status").asString()).isEqualTo("ACTIVE");
        assertOnlyOnSecond(code);
        assertThat(second.in(database).sql("select string_agg(raison_sociale, ',' order by code) from clients")
                .query(String.class).single()).isEqualTo("Forges du Nord,Aciers Sud");
        JdbcClient onSecond = second.in("postgres");
        assertThat(onSecond.sql("select pg_get_userbyid(datdba) from pg_database where datname = :name").param("name", database)
                .query(String.class).single()).as("the tenant's role owns its database on the target").isEqualTo(role);
        assertThat(onSecond.sql("select rolpassword from pg_authid where rolname = :role").param("role", role)
                .query(String.class).single()).as("with the same password").isEqualTo(verifier);
        assertThat(second.in(database).sql("select count(*) from pg_tables where schemaname = 'public' and tableowner <> :role")
                .param("role", role).query(Long.class).single()).isZero();
        assertThat(onSecond.sql("select has_database_privilege('public', :name, 'CONNECT')").param("name", database)
                .query(Boolean.class).single()).isFalse();
        assertThat(db.count("select count(*) from pg_roles where rolname = '" + role + "'")).as("the source role dropped").isZero();
        assertThat(readSystemLog()).contains("Job " + job.path("id").asString() + " société " + code + ": ACTIVE again on server "
                + SecondServer.NAME + ", unavailable for");
    }

    @Test
    @Order(3)
    void a_move_that_fails_leaves_the_societe_on_its_source_and_nothing_on_the_target() {
        for (String failing : List.of("verify-copy", "switch-to-target")) {
            String code = provisioned("MVKO", "default");
            String database = system.databaseName(code);
            db.in(database).sql("insert into clients (code, raison_sociale) values ('C1', 'Fonderie')").update();
            system.faults().failPermanently(code, failing);

            Api.Response accepted = api.post("/api/societes/" + made.get(code) + "/move", toServer(SecondServer.NAME));
            assertThat(accepted.status()).isEqualTo(202);
            JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);

            assertThat(job.path("status").asString()).as(failing).isEqualTo("FAILED");
            JsonNode societe = api.get("/api/societes/" + made.get(code)).body();
            assertThat(societe.path("server").asString()).as(failing).isEqualTo("default");
            assertThat(societe.path("status").asString()).as(failing).isEqualTo("ACTIVE");
            assertThat(db.in(database).sql("select count(*) from clients").query(Long.class).single()).isOne();
            assertThat(second.exists(database)).as(failing).isFalse();
            assertThat(copiesOn(second.in("postgres"))).as(failing).isZero();
            assertThat(second.in("postgres").sql("select count(*) from pg_roles where rolname = :role")
                    .param("role", database + "_app").query(Long.class).single()).as(failing).isZero();
            assertThat(job.path("result").path("downtimeMillis").asLong()).as(failing).isPositive();
        }
    }

    @Test
    @Order(4)
    void a_worker_killed_at_each_step_of_a_move_leaves_each_societe_on_exactly_one_server_with_its_data() {
        List<CompletableFuture<String>> provisions = STEPS.stream()
                .map(step -> CompletableFuture.supplyAsync(() -> provisioned("MVK", "default"))).toList();
        Map<String, String> stepOf = new LinkedHashMap<>();
        for (int i = 0; i < STEPS.size(); i++) {
            String code = provisions.get(i).join();
            db.in(system.databaseName(code)).sql("insert into clients (code, raison_sociale) values ('K', :step)")
                    .param("step", STEPS.get(i)).update();
            stepOf.put(code, STEPS.get(i));
        }
        String pauses = String.join(",", stepOf.entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue() + ":120")
                .toList());
        String[] concurrency = {"--spring.rabbitmq.listener.simple.concurrency=" + STEPS.size(),
                "--jobrunr.background-job-server.worker-count=" + STEPS.size()};
        db.awaitNoActiveJob(TIMEOUT);
        system.pauseWorker();
        Map<String, String> jobs = new LinkedHashMap<>();
        try {
            try (WorkerProcess doomed = WorkerProcess.start(system.services, WORKER_STARTUP, concurrency[0], concurrency[1],
                    "--test.pause=" + pauses)) {
                stepOf.forEach((code, step) -> {
                    Api.Response accepted = api.post("/api/societes/" + made.get(code) + "/move", toServer(SecondServer.NAME));
                    assertThat(accepted.status()).isEqualTo(202);
                    jobs.put(code, accepted.body().path("jobId").asString());
                });
                stepOf.forEach((code, step) -> awaitStepRunning(jobs.get(code), step));
                doomed.kill();
            }
            try (WorkerProcess restarted = WorkerProcess.start(system.services, WORKER_STARTUP, concurrency[0], concurrency[1])) {
                stepOf.forEach((code, step) -> {
                    JsonNode job = api.awaitFinished(jobs.get(code), TIMEOUT);
                    assertThat(job.path("status").asString()).as("killed at " + step + ": " + job).isEqualTo("SUCCEEDED");
                    assertOnlyOnSecond(code);
                    assertThat(second.in(system.databaseName(code)).sql("select raison_sociale from clients where code = 'K'")
                            .query(String.class).single()).as("killed at " + step).isEqualTo(step);
                    assertThat(api.get("/api/societes/" + made.get(code)).body().path("status").asString()).isEqualTo("ACTIVE");
                });
            }
        } finally {
            system.resumeWorker();
        }
        assertThat(copiesOn(second.in("postgres")) + copiesOn(db.in("postgres"))).isZero();
    }

    @Test
    @Order(5)
    void a_drain_moves_every_tenant_of_the_server_away_a_few_at_a_time() {
        assertThat(api.get(SECOND).body().path("tenants").asLong()).as("the tenants moved there so far").isGreaterThan(2);
        String drain = SECOND + "/drain";
        assertThat(api.as(Api.CLIENT_KEY).post(drain, "").status()).isEqualTo(403);
        assertRefused(api.post(drain, "{\"maxParallel\": 0}"), 400, "maxParallel");
        assertRefused(api.post(drain, "{\"maxParallel\": \"2\"}"), 400, "maxParallel");
        assertRefused(api.post(drain, "{\"parallel\": 2}"), 400, "parallel");
        assertThat(api.post("/api/ops/servers/nowhere/drain", "").status()).isEqualTo(404);
        assertThat(api.get(SECOND).body().path("status").asString()).as("nothing changed").isEqualTo("ACTIVE");

        Api.Response accepted = api.post(drain, "{\"maxParallel\": 2}");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(api.get(SECOND).body().path("status").asString()).isEqualTo("DRAINING");
        assertRefused(api.post(drain, ""), 409, "server");
        JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("failed").asLong()).isZero();
        assertThat(job.path("result").path("succeeded").asLong()).isEqualTo(job.path("result").path("asked").asLong());
        assertThat(api.get(SECOND).body().path("tenants").asLong()).isZero();
        made.keySet().forEach(code -> {
            assertThat(second.exists(system.databaseName(code))).as(code).isFalse();
            assertThat(db.exists(system.databaseName(code))).as(code).isTrue();
        });
        assertThat(db.in(system.databaseName(made.keySet().stream().filter(code -> code.startsWith("MVOK")).findFirst()
                .orElseThrow())).sql("select count(*) from clients").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void a_drain_with_no_server_to_move_to_fails_naming_the_societes_it_left() {
        api.patch(SECOND, "{\"status\": \"ACTIVE\"}");
        String code = provisioned("MVDR", SecondServer.NAME);
        try {
            api.patch("/api/ops/servers/default", "{\"status\": \"DRAINING\"}");
            Api.Response accepted = api.post(SECOND + "/drain", "");
            assertThat(accepted.status()).isEqualTo(202);
            JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);

            assertThat(job.path("status").asString()).isEqualTo("FAILED");
            assertThat(job.path("lastError").asString()).contains(code).contains("no other ACTIVE server has room");
            assertThat(api.get("/api/societes/" + made.get(code)).body().path("server").asString()).isEqualTo(SecondServer.NAME);
            assertThat(second.exists(system.databaseName(code))).isTrue();
        } finally {
            api.patch("/api/ops/servers/default", "{\"status\": \"ACTIVE\"}");
        }
    }

    private static String readSystemLog() {
        try {
            return java.nio.file.Files.readString(TestLogs.SYSTEM_LOG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String provisioned(String stem, String server) {
        String code = ProvisionTenantTest.uniqueCode(stem);
        Api.Response accepted = api.provision("""
                {"nom": "Aciérie %s", "code": "%s", "server": "%s"}""".formatted(code, code, server));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        made.put(code, accepted.body().path("societeId").asString());
        assertThat(api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        return code;
    }

    private static void assertOnlyOnSecond(String code) {
        assertThat(second.exists(system.databaseName(code))).as(code + " on the second server").isTrue();
        assertThat(db.exists(system.databaseName(code))).as(code + " gone from the primary").isFalse();
    }

    private static long copiesOn(JdbcClient server) {
        return server.sql("select count(*) from pg_database where datname like :pattern")
                .param("pattern", system.services.tenantDatabasePrefix + "\\_move\\_%").query(Long.class).single();
    }

    private static String toServer(String server) {
        return "{\"server\": \"" + server + "\"}";
    }

    private static void assertRefused(Api.Response answer, int status, String field) {
        assertThat(answer.status()).as(answer.body() == null ? "" : answer.body().toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("errors").get(0).path("field").asString()).isEqualTo(field);
    }

    private static void awaitStepRunning(String jobId, String step) {
        Eventually.await("step " + step + " of job " + jobId + " running", Duration.ofSeconds(120),
                () -> db.count("select count(*) from provisioning.job_steps where job_id = '" + jobId + "' and name = '"
                        + step + "' and status = 'RUNNING'"),
                running -> running > 0);
    }
}
