package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Two real PostgreSQL servers (docs/servers.md): the run's primary and the embedded
 * {@link SecondServer}, opened to tenants for this class only. Placement spreads tenants by load
 * within capacity, every job on a tenant goes to its server, and what an operator asks of the
 * servers is checked before anything changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseServersTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String SERVERS = "/api/ops/servers";
    private static final String SECOND = "/api/ops/servers/" + SecondServer.NAME;

    private static SecondServer second;
    /** Code → server of what this class provisioned and has not destroyed yet. */
    private static final Map<String, String> placed = new HashMap<>();
    private static final Map<String, String> societeIds = new HashMap<>();

    @BeforeAll
    static void openTheSecondServer() {
        second = system.services.secondServer;
    }

    @AfterAll
    static void destroyWhatWasPlacedAndCloseTheSecondServer() {
        try {
            List<String> jobs = new ArrayList<>();
            for (String code : placed.keySet()) {
                Api.Response destroy = api.delete("/api/societes/" + societeIds.get(code) + "/destroy-tenant");
                if (destroy.status() == 202) {
                    jobs.add(destroy.body().path("jobId").asString());
                }
            }
            jobs.forEach(job -> api.awaitFinished(job, JOB_TIMEOUT));
        } finally {
            api.patch(SERVERS + "/default", "{\"status\": \"ACTIVE\"}");
            api.patch(SECOND, "{\"status\": \"DISABLED\", \"maxTenants\": null}");
        }
    }

    @Test
    @Order(1)
    void the_servers_are_listed_with_their_load_status_and_capacity_for_operators_only() {
        Api.Response listed = api.get(SERVERS);

        assertThat(listed.status()).isEqualTo(200);
        Map<String, JsonNode> byName = byName(listed.body());
        assertThat(byName).containsKeys("default", SecondServer.NAME);
        JsonNode secondServer = byName.get(SecondServer.NAME);
        assertThat(secondServer.path("status").asString()).isEqualTo("DISABLED");
        assertThat(secondServer.path("port").asInt()).isEqualTo(second.port());
        assertThat(secondServer.path("tenants").asLong()).isZero();
        assertThat(secondServer.path("configured").asBoolean()).isTrue();
        assertThat(listed.body().toString()).doesNotContain("password");
        assertThat(api.as(Api.CLIENT_KEY).get(SERVERS).status()).isEqualTo(403);
        assertThat(api.as(Api.CLIENT_KEY).patch(SECOND, "{\"status\": \"ACTIVE\"}").status()).isEqualTo(403);
        assertThat(api.get(SERVERS + "/nowhere").status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void a_change_an_operator_gets_wrong_is_refused_naming_the_field_and_changes_nothing() {
        JsonNode before = api.get(SECOND).body();
        Map<String, String> refused = Map.ofEntries(
                Map.entry("{\"status\": \"SLEEPING\"}", "status"),
                Map.entry("{\"status\": \"active\"}", "status"),
                Map.entry("{\"status\": 1}", "status"),
                Map.entry("{\"status\": null}", "status"),
                Map.entry("{\"maxTenants\": -1}", "maxTenants"),
                Map.entry("{\"maxTenants\": \"5\"}", "maxTenants"),
                Map.entry("{\"maxTenants\": 1.5}", "maxTenants"),
                Map.entry("{\"maxTenants\": 99999999999}", "maxTenants"),
                Map.entry("{\"status\": \"ACTIVE\", \"maxTenants\": -3}", "maxTenants"),
                Map.entry("{\"host\": \"evil\"}", "host"),
                Map.entry("{}", "status"));
        refused.forEach((body, field) -> {
            Api.Response answer = api.patch(SECOND, body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
            assertThat(answer.body().path("errors").get(0).path("field").asString()).as(body).isEqualTo(field);
        });
        for (String malformed : List.of("[]", "\"ACTIVE\"", "{\"status\": \"ACTIVE\"", "", "null")) {
            Api.Response answer = api.patch(SECOND, malformed);
            assertThat(answer.status()).as(malformed).isEqualTo(400);
            assertThat(answer.contentType()).as(malformed).startsWith("application/problem+json");
        }
        assertThat(api.patch(SERVERS + "/nowhere", "{\"status\": \"ACTIVE\"}").status()).isEqualTo(404);
        assertThat(api.patch(SERVERS + "/" + "x".repeat(300), "{\"status\": \"ACTIVE\"}").status()).isEqualTo(404);
        for (String strange : List.of("SECOND", "%E2%82%AC", "a%27%20or%201%3D1", "a%00b")) {
            Api.Response answer = api.get(SERVERS + "/" + strange);
            assertThat(answer.status()).as(strange).isIn(400, 404);
            assertThat(answer.contentType()).as(strange).startsWith("application/problem+json");
        }

        assertThat(api.get(SECOND).body().path("status")).isEqualTo(before.path("status"));
        assertThat(api.get(SECOND).body().path("maxTenants")).isEqualTo(before.path("maxTenants"));
    }

    @Test
    @Order(3)
    void ten_provisions_are_spread_over_both_servers_within_capacity_each_database_on_its_own_server() {
        JsonNode opened = api.patch(SECOND, "{\"status\": \"ACTIVE\", \"maxTenants\": 5}").body();
        assertThat(opened.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(opened.path("room").asLong()).isEqualTo(5);

        List<CompletableFuture<Api.Response>> requests = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = ProvisionTenantTest.uniqueCode("SPREAD");
            codes.add(code);
            requests.add(CompletableFuture.supplyAsync(() -> api.provision(ProvisionTenantTest.body("Aciérie " + code, code))));
        }
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Api.Response accepted = requests.get(i).join();
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            jobs.add(accepted.body().path("jobId").asString());
            societeIds.put(codes.get(i), accepted.body().path("societeId").asString());
        }
        for (int i = 0; i < 10; i++) {
            assertThat(api.awaitFinished(jobs.get(i), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode societe = api.get("/api/societes/" + societeIds.get(codes.get(i))).body();
            placed.put(codes.get(i), societe.path("server").asString());
        }

        assertThat(placed.values()).filteredOn(SecondServer.NAME::equals).hasSize(5);
        assertThat(placed.values()).filteredOn("default"::equals).hasSize(5);
        placed.forEach((code, server) -> {
            String database = system.databaseName(code);
            boolean onSecond = SecondServer.NAME.equals(server);
            assertThat(second.exists(database)).as(code + " on " + server).isEqualTo(onSecond);
            assertThat(db.exists(database)).as(code + " on " + server).isEqualTo(!onSecond);
        });
        String onSecond = codeOn(SecondServer.NAME);
        assertThat(second.in(system.databaseName(onSecond)).sql("select count(*) from system_parameters")
                .query(Long.class).single()).as("seeded on the second server").isPositive();
        JsonNode secondServer = api.get(SECOND).body();
        assertThat(secondServer.path("tenants").asLong()).isEqualTo(5);
        assertThat(secondServer.path("room").asLong()).isZero();
        QuotasTest.measure();
        assertThat(api.get(SECOND).body().path("databaseSizeBytes").asLong()).as("measured on the second server").isPositive();
        assertThat(api.get("/api/societes/" + societeIds.get(onSecond)).body().path("databaseSizeBytes").asLong())
                .as("its size, read on its server").isPositive();
    }

    @Test
    @Order(4)
    void with_no_room_anywhere_a_provision_is_refused_with_503_and_nothing_is_recorded() {
        long societesBefore = db.count("select count(*) from societes");
        long jobsBefore = db.count("select count(*) from provisioning.jobs");
        try {
            assertThat(api.patch(SERVERS + "/default", "{\"status\": \"DRAINING\"}").status()).isEqualTo(200);
            String code = ProvisionTenantTest.uniqueCode("NOROOM");

            Api.Response refused = api.provision(ProvisionTenantTest.body("Aciérie pleine", code));

            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(db.count("select count(*) from societes")).isEqualTo(societesBefore);
            assertThat(db.count("select count(*) from provisioning.jobs")).isEqualTo(jobsBefore);
            assertThat(db.exists(system.databaseName(code)) || second.exists(system.databaseName(code))).isFalse();
        } finally {
            api.patch(SERVERS + "/default", "{\"status\": \"ACTIVE\"}");
        }
    }

    @Test
    @Order(5)
    void only_an_operator_names_the_server_and_only_an_active_one_with_room() {
        String code = ProvisionTenantTest.uniqueCode("NAMED");
        String onSecond = named(code, SecondServer.NAME);

        Api.Response byClient = api.as(Api.CLIENT_KEY).provision(onSecond);
        assertThat(byClient.status()).isEqualTo(403);
        assertThat(byClient.body().path("errors").get(0).path("field").asString()).isEqualTo("server");
        Api.Response full = api.provision(onSecond);
        assertThat(full.status()).as(full.body().toString()).isEqualTo(503);
        assertThat(full.body().path("errors").get(0).path("field").asString()).isEqualTo("server");
        Api.Response unknown = api.provision(named(code, "nowhere"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("errors").get(0).path("field").asString()).isEqualTo("server");
        for (String wrong : List.of("Not A Server", "", "x".repeat(64))) {
            Api.Response malformed = api.provision(named(code, wrong));
            assertThat(malformed.status()).as(wrong).isEqualTo(400);
            assertThat(malformed.body().path("errors").get(0).path("field").asString()).isEqualTo("server");
        }
        Api.Response notText = api.provision("""
                {"nom": "Aciérie", "code": "%s", "server": 2}""".formatted(code));
        assertThat(notText.status()).isEqualTo(400);
        api.patch(SECOND, "{\"status\": \"DISABLED\", \"maxTenants\": 6}");
        Api.Response disabled = api.provision(onSecond);
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.body().path("errors").get(0).path("field").asString()).isEqualTo("server");
        assertThat(db.count("select count(*) from societes where code = '" + code + "'")).isZero();

        api.patch(SECOND, "{\"status\": \"ACTIVE\"}");
        Api.Response accepted = api.provision(onSecond);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        societeIds.put(code, accepted.body().path("societeId").asString());
        placed.put(code, SecondServer.NAME);
        assertThat(api.awaitFinished(accepted.body().path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(second.exists(system.databaseName(code))).isTrue();
    }

    @Test
    @Order(6)
    void destroy_drops_the_database_on_the_societes_own_server_and_the_reconciler_finds_nothing_missing() {
        JsonNode report = ReconcilerTest.reconcile(true);
        for (JsonNode finding : report.path("findings")) {
            assertThat(placed).as(finding.toString()).doesNotContainKey(finding.path("target").asString());
        }

        String code = codeOn(SecondServer.NAME);
        Api.Response destroy = api.delete("/api/societes/" + societeIds.get(code) + "/destroy-tenant");
        assertThat(destroy.status()).isEqualTo(202);
        assertThat(api.awaitFinished(destroy.body().path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        placed.remove(code);

        assertThat(second.exists(system.databaseName(code))).isFalse();
        assertThat(api.get(SECOND).body().path("tenants").asLong()).isEqualTo(5);
    }

    @Test
    @Order(7)
    void a_tenant_on_the_second_server_is_backed_up_restored_kept_at_its_destroy_and_recovered_there() {
        String code = codeOn(SecondServer.NAME);
        BackupTest.Tenant tenant = new BackupTest.Tenant(societeIds.get(code), code, system.databaseName(code));
        JdbcClient onSecond = second.in(tenant.database());
        long categories = onSecond.sql("select count(*) from material_categories").query(Long.class).single();
        assertThat(categories).isPositive();

        JsonNode backup = BackupTest.backedUp(tenant);
        onSecond.sql("delete from material_categories").update();
        Api.Response restore = api.post("/api/societes/" + tenant.id() + "/restore",
                "{\"backupId\": \"" + backup.path("id").asString() + "\", \"mode\": \"IN_PLACE\"}");
        assertThat(restore.status()).as(restore.body().toString()).isEqualTo(202);
        JsonNode restored = api.awaitFinished(restore.body().path("jobId").asString(), JOB_TIMEOUT);
        assertThat(restored.path("status").asString()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(onSecond.sql("select count(*) from material_categories").query(Long.class).single()).isEqualTo(categories);
        assertThat(db.exists(tenant.database())).as("nothing restored on the primary").isFalse();

        Api.Response destroy = api.delete("/api/societes/" + tenant.id() + "/destroy-tenant");
        assertThat(destroy.status()).isEqualTo(202);
        assertThat(api.awaitFinished(destroy.body().path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        placed.remove(code);
        assertThat(second.exists(tenant.database())).isFalse();
        assertThat(db.count("select count(*) from provisioning.backups where trigger = 'FINAL' and status = 'SUCCEEDED'"
                + " and societe_id = '" + tenant.id() + "'")).as("a FINAL backup of a tenant on the second server").isOne();

        Api.Response recover = api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover", "");
        assertThat(recover.status()).as(recover.body().toString()).isEqualTo(202);
        JsonNode recovered = api.awaitFinished(recover.body().path("jobId").asString(), JOB_TIMEOUT);
        assertThat(recovered.path("status").asString()).as(recovered.toString()).isEqualTo("SUCCEEDED");
        placed.put(code, SecondServer.NAME);
        assertThat(onSecond.sql("select count(*) from material_categories").query(Long.class).single()).isEqualTo(categories);
        assertThat(db.exists(tenant.database())).isFalse();
    }

    private static String codeOn(String server) {
        return placed.entrySet().stream().filter(entry -> entry.getValue().equals(server)).findFirst().orElseThrow().getKey();
    }

    private static String named(String code, String server) {
        return """
                {"nom": "Aciérie %s", "code": "%s", "server": "%s"}""".formatted(code, code, server);
    }

    private static Map<String, JsonNode> byName(JsonNode servers) {
        Map<String, JsonNode> byName = new HashMap<>();
        servers.forEach(server -> byName.put(server.path("name").asString(), server));
        return byName;
    }
}
