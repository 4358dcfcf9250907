package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The routes the console's pages stand on: a société's database size and users, sociétés by plan,
 * a société's own jobs, and who the caller is. A client reads its own only, as everywhere.
 */
class SocieteConsoleApiTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void a_societe_read_alone_shows_its_database_size_and_its_users_but_no_password() {
        Api client = api.as(Api.CLIENT_KEY);
        String code = ProvisionTenantTest.uniqueCode("TAILLE");
        JsonNode accepted = client.provision(ProvisionTenantTest.body("Tôlerie TAILLE", code)).body();
        String societeId = accepted.path("societeId").asString();
        assertThat(client.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");

        long sizeOnServer = db.auth().sql("select pg_database_size(:name)").param("name", system.databaseName(code))
                .query(Long.class).single();
        JsonNode societe = client.get("/api/societes/" + societeId).body();
        assertThat(societe.path("databaseSizeBytes").asLong()).isCloseTo(sizeOnServer, within(sizeOnServer / 10));
        assertThat(client.get("/api/societes/by-code/" + code).body().path("databaseSizeBytes").asLong()).isPositive();
        JsonNode listed = client.get("/api/societes?code=" + code).body().path("content").get(0).path("databaseSizeBytes");
        assertThat(listed.isNull() || listed.asLong() > 0)
                .as("a listing shows the size a worker last measured, never reading every database's: " + listed).isTrue();

        Api.Response users = client.get("/api/societes/" + societeId + "/users");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body().path("content").values()).extracting(user -> user.path("email").asString())
                .containsExactly("admin@" + code.toLowerCase() + ".topsteel.local", "user@" + code.toLowerCase() + ".topsteel.local");
        assertThat(users.body().path("content").get(0).path("societeRole").asString()).isEqualTo("ADMIN");
        assertThat(users.body().path("content").get(0).path("mustChangePassword").asBoolean()).isTrue();
        String text = users.body().toString();
        assertThat(text).doesNotContainIgnoringCase("hash").doesNotContain("$2a$").doesNotContain("Admin123!")
                .doesNotContain("User123!");

        Api otherClient = api.as(Api.OTHER_CLIENT_KEY);
        assertThat(otherClient.get("/api/societes/" + societeId + "/users").status()).isEqualTo(404);
        assertThat(api.get("/api/societes/" + societeId + "/users").body().path("totalElements").asLong()).isEqualTo(2);
    }

    @Test
    void societes_are_listed_by_plan_and_an_unknown_plan_is_refused_naming_it() {
        String stem = ProvisionTenantTest.uniqueCode("PLAN");
        String starter = stem + "S";
        String enterprise = stem + "E";
        assertThat(api.provision("""
                {"nom": "Petite forge", "code": "%s", "plan": "STARTER"}""".formatted(starter)).status()).isEqualTo(202);
        assertThat(api.provision("""
                {"nom": "Grande forge", "code": "%s", "plan": "ENTERPRISE"}""".formatted(enterprise)).status()).isEqualTo(202);

        JsonNode enterprises = api.get("/api/societes?code=" + stem + "&plan=ENTERPRISE").body();
        assertThat(enterprises.path("content").values()).extracting(societe -> societe.path("code").asString())
                .containsExactly(enterprise);
        assertThat(api.get("/api/societes?code=" + stem).body().path("totalElements").asLong()).isEqualTo(2);

        Api.Response refused = api.get("/api/societes?plan=GOLD");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo("plan");
    }

    @Test
    void a_societes_jobs_are_its_own_not_those_of_an_earlier_societe_of_the_same_code() {
        String code = ProvisionTenantTest.uniqueCode("REDITE");
        JsonNode first = api.provision(ProvisionTenantTest.body("Première", code)).body();
        assertThat(api.awaitFinished(first.path("jobId").asString(), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        String destroyJob = api.delete("/api/societes/" + first.path("societeId").asString() + "/destroy-tenant").body()
                .path("jobId").asString();
        assertThat(api.awaitFinished(destroyJob, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode second = api.provision(ProvisionTenantTest.body("Seconde", code)).body();

        JsonNode ofSecond = api.get("/api/jobs?societeId=" + second.path("societeId").asString()).body();
        assertThat(ofSecond.path("content").values()).extracting(job -> job.path("id").asString())
                .containsExactly(second.path("jobId").asString());
        assertThat(api.get("/api/jobs?societeCode=" + code).body().path("totalElements").asLong()).isEqualTo(3);
        assertThat(api.as(Api.OTHER_CLIENT_KEY).get("/api/jobs?societeId=" + second.path("societeId").asString()).body()
                .path("totalElements").asLong()).isZero();
        assertThat(api.get("/api/jobs?societeId=not-an-id").body().path("errors").get(0).path("field").asString())
                .isEqualTo("societeId");
    }

    @Test
    void the_caller_is_named_with_its_role() {
        assertThat(api.get("/api/me").body().path("role").asString()).isEqualTo("OPS");
        JsonNode client = api.as(Api.CLIENT_KEY).get("/api/me").body();
        assertThat(client.path("name").asString()).isEqualTo("dev-client");
        assertThat(client.path("role").asString()).isEqualTo("CLIENT");
        assertThat(api.as(null).get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void the_console_page_is_served_without_a_key_and_holds_no_data() {
        Api.Response page = api.as(null).get("/console/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(api.as(null).get("/console").status()).as("redirected to /console/").isIn(200, 302);
    }
}
