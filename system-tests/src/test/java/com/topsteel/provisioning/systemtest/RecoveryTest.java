package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.systemtest.BackupTest.Tenant;

import tools.jackson.databind.JsonNode;

/**
 * Destroy keeps a way back (docs/backups.md): a FINAL backup first, the société and its users kept
 * for the grace period and recoverable, under a new code when its own was taken meanwhile, with a role of
 * its own again; with
 * {@code purge=true}, nothing left in the store; a FINAL backup that fails fails the destroy with
 * nothing changed.
 */
class RecoveryTest extends SystemTest {

    private static final Duration TIMEOUT = BackupTest.TIMEOUT;

    @Test
    void a_destroyed_societe_is_recovered_from_its_final_backup_with_the_same_data_and_users() {
        Tenant tenant = BackupTest.provisioned("RCV");
        db.in(tenant.database()).sql("update material_categories set description = 'modifiée à la main'"
                + " where code = (select min(code) from material_categories)").update();
        List<String> dataBefore = categories(tenant.database());
        List<String> usersBefore = users(tenant.id());
        assertThat(usersBefore).isNotEmpty();

        destroyed(tenant, "");
        JsonNode deleted = Eventually.await("the société among the deleted ones", TIMEOUT,
                () -> deletedSociete(tenant.id()), found -> !found.isMissingNode());
        assertThat(deleted.path("code").asString()).isEqualTo(tenant.code());
        assertThat(deleted.path("finalBackupId").asString()).isNotBlank();
        assertThat(deleted.path("purgeAfter").asString()).isNotBlank();
        assertThat(db.auth().sql("select trigger || ' ' || status from provisioning.backups where id = cast(:id as uuid)")
                .param("id", deleted.path("finalBackupId").asString()).query(String.class).single()).isEqualTo("FINAL SUCCEEDED");

        // the code is free at once: someone takes it, so the recovered société needs a new one
        Tenant newcomer = BackupTest.provisioned("RCVX");
        Api.Response taken = api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover",
                "{\"code\": \"" + newcomer.code() + "\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().toString()).contains("code");
        assertThat(api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover", "{\"code\": \"no spaces\"}").status())
                .isEqualTo(400);
        assertThat(api.as(Api.CLIENT_KEY).post("/api/ops/deleted-societes/" + tenant.id() + "/recover", "").status())
                .isEqualTo(403);

        String newCode = ProvisionTenantTest.uniqueCode("RCVN");
        Api.Response recover = api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover",
                "{\"code\": \"" + newCode + "\"}");
        assertThat(recover.status()).as(recover.body().toString()).isEqualTo(202);
        JsonNode job = api.awaitFinished(recover.body().path("jobId").asString(), TIMEOUT);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode societe = api.get("/api/societes/" + tenant.id()).body();
        assertThat(societe.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(societe.path("code").asString()).isEqualTo(newCode);
        assertThat(categories(system.databaseName(newCode))).isEqualTo(dataBefore);
        assertThat(users(tenant.id())).isEqualTo(usersBefore);
        assertThat(deletedSociete(tenant.id()).isMissingNode()).isTrue();
        assertThat(api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover", "").status()).isIn(404, 409);

        // its role again (the destroy dropped the old one): a new password, revealed once, owning what was restored
        String database = system.databaseName(newCode);
        JsonNode role = job.path("databaseRole");
        assertThat(role.path("name").asString()).isEqualTo(database + "_app");
        assertThat(societe.path("databaseRole").asString()).isEqualTo(database + "_app");
        assertThat(api.get("/api/jobs/" + job.path("id").asString()).body().has("databaseRole")).as("shown once").isFalse();
        try (Connection own = DriverManager.getConnection(system.services.postgres.jdbcUrl(database), role.path("name").asString(),
                role.path("password").asString()); Statement sql = own.createStatement()) {
            ResultSet owners = sql.executeQuery("""
                    select (select pg_get_userbyid(datdba) from pg_database where datname = current_database()),
                           (select string_agg(distinct tableowner, ',') from pg_tables where schemaname = 'public'),
                           (select count(*) from material_categories)""");
            owners.next();
            assertThat(owners.getString(1)).isEqualTo(role.path("name").asString());
            assertThat(owners.getString(2)).isEqualTo(role.path("name").asString());
            assertThat(owners.getLong(3)).isEqualTo(dataBefore.size());
        } catch (SQLException e) {
            throw new AssertionError("the recovered société's role cannot use its database", e);
        }
    }

    @Test
    void a_destroy_with_purge_leaves_nothing_in_the_store() {
        Tenant tenant = BackupTest.provisioned("RCP");
        BackupTest.backedUp(tenant);
        assertThat(filesOf(tenant)).isNotEmpty();
        assertThat(api.as(Api.CLIENT_KEY).delete("/api/societes/" + tenant.id() + "/destroy-tenant?purge=true").status())
                .isEqualTo(403);
        assertThat(api.delete("/api/societes/" + tenant.id() + "/destroy-tenant?purge=maybe").status()).isEqualTo(400);

        destroyed(tenant, "?purge=true");

        assertThat(filesOf(tenant)).isEmpty();
        assertThat(db.count("select count(*) from provisioning.backups where societe_id = '" + tenant.id() + "'")).isZero();
        assertThat(deletedSociete(tenant.id()).isMissingNode()).isTrue();
        assertThat(api.post("/api/ops/deleted-societes/" + tenant.id() + "/recover", "").status()).isEqualTo(404);
    }

    @Test
    void a_final_backup_that_fails_fails_the_destroy_with_nothing_changed() {
        Tenant tenant = BackupTest.provisioned("RCF");
        system.faults().failPermanently(tenant.code(), "final-backup");
        Api.Response destroy = api.delete("/api/societes/" + tenant.id() + "/destroy-tenant");
        assertThat(destroy.status()).isEqualTo(202);
        JsonNode job = api.awaitFinished(destroy.body().path("jobId").asString(), TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(api.get("/api/societes/" + tenant.id()).body().path("status").asString()).isEqualTo("ACTIVE");
        assertThat(db.exists(tenant.database())).isTrue();
        assertThat(users(tenant.id())).isNotEmpty();
    }

    private static void destroyed(Tenant tenant, String query) {
        Api.Response destroy = api.delete("/api/societes/" + tenant.id() + "/destroy-tenant" + query);
        assertThat(destroy.status()).as(destroy.body().toString()).isEqualTo(202);
        JsonNode job = api.awaitFinished(destroy.body().path("jobId").asString(), TIMEOUT);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(db.exists(tenant.database())).isFalse();
    }

    private static JsonNode deletedSociete(String id) {
        for (JsonNode deleted : api.get("/api/ops/deleted-societes?size=100").body().path("content")) {
            if (deleted.path("id").asString().equals(id)) {
                return deleted;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> categories(String database) {
        return db.in(database).sql("select code || ':' || name || ':' || coalesce(description, '') from material_categories"
                + " order by code").query(String.class).list();
    }

    private static List<String> users(String societeId) {
        return db.auth().sql("""
                select u.email || ':' || u.password_hash || ':' || su.role from societe_users su join users u on u.id = su.user_id
                where su.societe_id = cast(:id as uuid) order by u.email""").param("id", societeId).query(String.class).list();
    }

    private static List<Path> filesOf(Tenant tenant) {
        Path directory = system.services.backupDirectory.resolve(tenant.code().toLowerCase());
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
