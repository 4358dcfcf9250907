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
        assertThatThrownBy(() -> connect(databaseB, role, password).close())
                .isInstanceOfSatisfying(SQLException.class, denied -> {
                    assertThat(denied.getSQLState()).isEqualTo(PERMISSION_DENIED);
                    assertThat(denied.getMessage()).contains("permission denied for database");
                });

        destroy(jobA.path("societeId").asString());
        destroy(jobB.path("societeId").asString());
        assertThat(db.in("postgres").sql("select count(*) from pg_roles where rolname in (:a, :b)")
                .param("a", role).param("b", databaseB + "_app").query(Long.class).single()).isZero();
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
