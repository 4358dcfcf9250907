package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A role per tenant (docs/servers.md#a-role-per-tenant): each tenant database is owned by its own
 * login role, whose password an operator reads once; that role opens its database and no other
 * tenant's, and may not create databases; destroy drops it.
 */
class TenantRolesTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PERMISSION_DENIED = "42501";

    @Test
    void a_tenants_role_owns_its_database_opens_it_and_no_other_tenants_and_goes_with_its_destroy() throws Exception {
        String codeA = ProvisionTenantTest.uniqueCode("ROLEA");
        String codeB = ProvisionTenantTest.uniqueCode("ROLEB");
        JsonNode jobA = provisioned(codeA);
        JsonNode jobB = provisioned(codeB);
        String databaseA = system.databaseName(codeA);
        String databaseB = system.databaseName(codeB);

        assertThat(db.auth().sql("select role_name from provisioning.tenant_role_secrets where job_id = cast(:job as uuid)")
                .param("job", jobA.path("jobId").asString()).query(String.class).single()).isEqualTo(databaseA + "_app");
        JsonNode roleA = api.get("/api/jobs/" + jobA.path("jobId").asString()).body().path("databaseRole");
        assertThat(roleA.path("name").asString()).isEqualTo(databaseA + "_app");
        String password = roleA.path("password").asString();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(api.get("/api/jobs/" + jobA.path("jobId").asString()).body().has("databaseRole"))
                .as("shown once").isFalse();
        assertThat(api.as(Api.CLIENT_KEY).get("/api/jobs/" + jobB.path("jobId").asString()).body().has("databaseRole"))
                .as("never to a client").isFalse();
        assertThat(db.auth().sql("select sealed from provisioning.tenant_role_secrets where job_id = cast(:job as uuid)")
                .param("job", jobB.path("jobId").asString()).query(String.class).single()).as("sealed at rest")
                .doesNotContain(databaseB).hasSizeGreaterThan(40);
        assertThat(api.get("/api/societes/" + jobA.path("societeId").asString()).body().path("databaseRole").asString())
                .isEqualTo(databaseA + "_app");

        String role = roleA.path("name").asString();
        try (Connection own = connect(databaseA, role, password); Statement sql = own.createStatement()) {
            var rows = sql.executeQuery("select count(*) from system_parameters");
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
            sql.execute("create table its_own (id int)");
            var owner = sql.executeQuery("select tableowner from pg_tables where tablename = 'system_parameters'");
            owner.next();
            assertThat(owner.getString(1)).isEqualTo(role);
            assertThatThrownBy(() -> sql.execute("create database " + databaseA + "_copy"))
                    .isInstanceOfSatisfying(SQLException.class,
                            denied -> assertThat(denied.getSQLState()).isEqualTo(PERMISSION_DENIED));
        }
        for (String other : new String[] {databaseB, system.services.authDatabase, system.services.sharedDatabase}) {
            assertThatThrownBy(() -> connect(other, role, password).close()).as(other)
                    .isInstanceOfSatisfying(SQLException.class, denied -> {
                        assertThat(denied.getSQLState()).isEqualTo(PERMISSION_DENIED);
                        assertThat(denied.getMessage()).contains("permission denied for database");
                    });
        }

        destroy(jobA.path("societeId").asString());
        destroy(jobB.path("societeId").asString());
        assertThat(db.in("postgres").sql("select count(*) from pg_roles where rolname in (:a, :b)")
                .param("a", role).param("b", databaseB + "_app").query(Long.class).single()).isZero();
    }

    @Test
    void a_societe_provisioned_before_roles_per_tenant_gets_its_own() throws Exception {
        String code = ProvisionTenantTest.uniqueCode("ROLEOLD");
        JsonNode provisioned = provisioned(code);
        String societeId = provisioned.path("societeId").asString();
        String database = system.databaseName(code);
        String role = database + "_app";
        asBeforeRolesPerTenant(societeId, database, role);

        assertThat(api.as(Api.CLIENT_KEY).post("/api/societes/" + societeId + "/database-role", "").status()).isEqualTo(403);
        assertThat(api.post("/api/societes/" + java.util.UUID.randomUUID() + "/database-role", "").status()).isEqualTo(404);
        assertThat(api.post("/api/ops/database-roles?limit=0", "").status()).isEqualTo(400);

        Api.Response fleet = api.post("/api/ops/database-roles?limit=1000", "");
        assertThat(fleet.status()).as(fleet.body().toString()).isEqualTo(202);
        JsonNode ours = null;
        for (JsonNode accepted : fleet.body().path("accepted")) {
            if (accepted.path("societeId").asString().equals(societeId)) {
                ours = accepted;
            }
        }
        assertThat(ours).as("accepted: " + fleet.body()).isNotNull();
        String jobId = ours.path("jobId").asString();
        assertThat(api.post("/api/societes/" + societeId + "/database-role", "").status())
                .as("one job per société at a time").isEqualTo(409);
        // the poll that first sees the job SUCCEEDED is the one shown the password
        JsonNode finished = api.awaitFinished(jobId, TIMEOUT);
        assertThat(finished.path("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode revealed = finished.path("databaseRole");
        assertThat(revealed.path("name").asString()).isEqualTo(role);
        String password = revealed.path("password").asString();
        assertThat(api.get("/api/jobs/" + jobId).body().has("databaseRole")).as("shown once").isFalse();
        try (Connection own = connect(database, role, password); Statement sql = own.createStatement()) {
            var rows = sql.executeQuery("select tableowner, (select count(*) from system_parameters) from pg_tables"
                    + " where tablename = 'system_parameters'");
            rows.next();
            assertThat(rows.getString(1)).as("the data the société had is its role's").isEqualTo(role);
            assertThat(rows.getLong(2)).isPositive();
        }
        assertThat(db.in("postgres").sql("select has_database_privilege('public', :db, 'CONNECT')")
                .param("db", database).query(Boolean.class).single()).as("PUBLIC may connect").isFalse();
        assertThat(api.get("/api/societes/" + societeId).body().path("databaseRole").asString()).isEqualTo(role);
        Api.Response again = api.post("/api/societes/" + societeId + "/database-role", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().toString()).contains("databaseRole");
        destroy(societeId);
    }

    /** What a société provisioned before this feature looks like: its objects the services' role's, CONNECT for PUBLIC, no role. */
    private static void asBeforeRolesPerTenant(String societeId, String database, String role) {
        String services = "\"" + system.services.provisioningRole.username() + "\"";
        db.in(database).sql("reassign owned by \"" + role + "\" to " + services).update();
        db.in(database).sql("drop owned by \"" + role + "\"").update();
        db.in("postgres").sql("grant connect, temporary on database \"" + database + "\" to public").update();
        db.in("postgres").sql("drop role \"" + role + "\"").update();
        db.auth().sql("update societes set database_role = null where id = cast(:id as uuid)").param("id", societeId).update();
    }

    @Test
    void the_services_work_as_a_role_that_may_create_databases_and_roles_and_nothing_more() {
        String servicesRole = system.services.provisioningRole.username();
        var privileges = db.in("postgres").sql("select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = :role")
                .param("role", servicesRole).query((row, n) -> java.util.List.of(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3)))
                .single();
        assertThat(privileges).as("superuser, createdb, createrole").containsExactly(false, true, true);
        assertThat(db.in("postgres").sql("select distinct usename from pg_stat_activity where datname = :auth and usename is not null")
                .param("auth", system.services.authDatabase).query(String.class).list())
                .as("who connects to AUTH: the services, and the tests' own superuser")
                .contains(servicesRole).isSubsetOf(servicesRole, system.services.postgres.username());
        // every other system test provisions, upgrades, backs up, restores and destroys through this role
    }

    private static Connection connect(String database, String role, String password) throws SQLException {
        return DriverManager.getConnection(system.services.postgres.jdbcUrl(database), role, password);
    }

    /** Asked for and followed as a client, so that the operator's first read of the job is the test's. */
    private static JsonNode provisioned(String code) {
        Api client = api.as(Api.CLIENT_KEY);
        Api.Response accepted = client.provision(ProvisionTenantTest.body("Aciérie " + code, code));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(client.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        return accepted.body();
    }

    private static void destroy(String societeId) {
        Api.Response destroy = api.delete("/api/societes/" + societeId + "/destroy-tenant");
        assertThat(destroy.status()).isEqualTo(202);
        assertThat(api.awaitFinished(destroy.body().path("jobId").asString(), TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
    }
}
