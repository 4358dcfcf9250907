package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Backups and restores with the real pg_dump and pg_restore (docs/backups.md): a backup, rows
 * deleted by hand, an IN_PLACE restore bringing them back; a corrupted stored dump refused with
 * nothing changed; a worker killed mid-backup leaving no SUCCEEDED record, its job's retry succeeding.
 */
class BackupTest extends SystemTest {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void a_backup_then_rows_deleted_by_hand_then_an_in_place_restore_brings_them_back() throws Exception {
        Tenant tenant = provisioned("BKIP");
        long categories = rows(tenant, "material_categories");
        assertThat(categories).isPositive();

        JsonNode backup = backedUp(tenant);
        assertThat(backup.path("trigger").asString()).isEqualTo("MANUAL");
        assertThat(backup.path("sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(backup.path("schemaVersion").asString()).isNotBlank();
        assertThat(backup.path("sizeBytes").asLong()).isEqualTo(Files.size(storedFile(tenant, backup)));
        assertThat(sha256(storedFile(tenant, backup))).isEqualTo(backup.path("sha256").asString());

        // the download is the stored dump, for operators only
        Api.Response download = api.get("/api/ops/backups/" + backup.path("id").asString() + "/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.headers().firstValue("X-Backup-SHA256")).contains(backup.path("sha256").asString());
        assertThat(api.as(Api.CLIENT_KEY).get("/api/ops/backups/" + backup.path("id").asString() + "/download").status())
                .isEqualTo(403);

        db.in(tenant.database()).sql("delete from material_categories").update();
        assertThat(rows(tenant, "material_categories")).isZero();

        Api.Response restore = api.post("/api/societes/" + tenant.id() + "/restore",
                "{\"backupId\": \"" + backup.path("id").asString() + "\", \"mode\": \"IN_PLACE\"}");
        assertThat(restore.status()).as(restore.body().toString()).isEqualTo(202);
        JsonNode job = api.awaitFinished(restore.body().path("jobId").asString(), TIMEOUT);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        assertThat(rows(tenant, "material_categories")).isEqualTo(categories);
        assertThat(api.get("/api/societes/" + tenant.id()).body().path("status").asString()).isEqualTo("ACTIVE");
        // the previous database, set aside and recorded, is dropped after the job: nothing left behind
        String setAside = db.auth().sql("select set_aside_database from provisioning.restores where job_id = :job::uuid")
                .param("job", job.path("id").asString()).query(String.class).single();
        assertThat(setAside).startsWith(system.services.tenantDatabasePrefix + "_previous_");
        Eventually.await("the set-aside database dropped and the drop recorded", TIMEOUT,
                () -> scratchDatabases() + " databases, dropped at " + db.auth()
                        .sql("select set_aside_dropped_at from provisioning.restores where job_id = :job::uuid")
                        .param("job", job.path("id").asString()).query(Object.class).optional().orElse(null),
                seen -> seen.startsWith("0 ") && !seen.endsWith("null"));

        // one left behind (its drop never ran): the reconciler proposes the drop, its proof the restore's record
        db.in("postgres").sql("create database " + setAside).update();
        db.auth().sql("update provisioning.restores set set_aside_dropped_at = null where job_id = :job::uuid")
                .param("job", job.path("id").asString()).update();
        try {
            JsonNode finding = StreamSupport.stream(ReconcilerTest.reconcile(true).path("findings").spliterator(), false)
                    .filter(found -> found.path("target").asString().equals(setAside)).findFirst().orElseThrow();
            assertThat(finding.path("proposedAction").asString()).isEqualTo("DROP_DATABASE");
            assertThat(finding.path("proof").asString()).contains(job.path("id").asString()).contains("SUCCEEDED");
        } finally {
            db.in("postgres").sql("drop database if exists " + setAside).update();
        }
    }

    /** Databases of a restore's own ({prefix}_restore_…, {prefix}_previous_…) still on the server. */
    private static long scratchDatabases() {
        return db.in("postgres").sql("select count(*) from pg_database where datname like :pattern")
                .param("pattern", system.services.tenantDatabasePrefix + "\\_%").query(Long.class).single();
    }

    @Test
    void a_corrupted_stored_backup_is_refused_and_nothing_is_changed() throws Exception {
        Tenant tenant = provisioned("BKCO");
        JsonNode backup = backedUp(tenant);
        Path file = storedFile(tenant, backup);
        byte[] content = Files.readAllBytes(file);
        content[content.length / 2] ^= 0x5a;
        Files.write(file, content);
        db.in(tenant.database()).sql("delete from material_categories where ctid = (select min(ctid) from material_categories)")
                .update();
        long rowsBefore = rows(tenant, "material_categories");

        Api.Response restore = api.post("/api/societes/" + tenant.id() + "/restore",
                "{\"backupId\": \"" + backup.path("id").asString() + "\", \"mode\": \"IN_PLACE\"}");
        assertThat(restore.status()).isEqualTo(202);
        JsonNode job = api.awaitFinished(restore.body().path("jobId").asString(), TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.toString()).contains("does not match its record");
        assertThat(rows(tenant, "material_categories")).isEqualTo(rowsBefore);
        assertThat(api.get("/api/societes/" + tenant.id()).body().path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void a_restore_into_a_new_database_leaves_the_tenant_untouched() {
        Tenant tenant = provisioned("BKND");
        JsonNode backup = backedUp(tenant);
        db.in(tenant.database()).sql("delete from material_categories").update();
        String inspection = system.services.tenantDatabasePrefix + "inspect_" + tenant.code().toLowerCase();

        Api.Response restore = api.post("/api/societes/" + tenant.id() + "/restore", "{\"backupId\": \""
                + backup.path("id").asString() + "\", \"mode\": \"NEW_DATABASE\", \"targetDatabase\": \"" + inspection + "\"}");
        assertThat(restore.status()).as(restore.body().toString()).isEqualTo(202);
        assertThat(api.awaitFinished(restore.body().path("jobId").asString(), TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");

        assertThat(db.in(inspection).sql("select count(*) from material_categories").query(Long.class).single()).isPositive();
        assertThat(rows(tenant, "material_categories")).isZero();
        db.in("postgres").sql("drop database \"" + inspection + "\" with (force)").update();
    }

    @Test
    void bad_requests_are_refused_naming_the_field() {
        Tenant tenant = provisioned("BKBD");
        String restore = "/api/societes/" + tenant.id() + "/restore";
        assertThat(api.post(restore, "{\"mode\": \"IN_PLACE\"}").status()).isEqualTo(400);
        assertThat(api.post(restore, "{\"backupId\": \"not-a-uuid\", \"mode\": \"IN_PLACE\"}").status()).isEqualTo(400);
        assertThat(api.post(restore, "{\"backupId\": \"" + tenant.id() + "\", \"mode\": \"SIDEWAYS\"}").status()).isEqualTo(400);
        Api.Response unknownBackup = api.post(restore, "{\"backupId\": \"" + tenant.id() + "\", \"mode\": \"IN_PLACE\"}");
        assertThat(unknownBackup.status()).isEqualTo(422);
        assertThat(unknownBackup.contentType()).contains("application/problem+json");
        assertThat(unknownBackup.body().toString()).contains("backupId");
        assertThat(api.post("/api/societes/00000000-0000-0000-0000-000000000000/backups", "").status()).isEqualTo(404);
        assertThat(api.get("/api/ops/backups/00000000-0000-0000-0000-000000000000/download").status()).isEqualTo(404);
        // another client's société is as good as absent
        assertThat(api.as(Api.OTHER_CLIENT_KEY).post("/api/societes/" + tenant.id() + "/backups", "").status()).isEqualTo(404);
        assertThat(api.as(Api.OTHER_CLIENT_KEY).get("/api/societes/" + tenant.id() + "/backups").status()).isEqualTo(404);

        JsonNode backup = backedUp(tenant);
        Api.Response badName = api.post(restore, "{\"backupId\": \"" + backup.path("id").asString()
                + "\", \"mode\": \"NEW_DATABASE\", \"targetDatabase\": \"x; drop database auth\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().toString()).contains("targetDatabase");
        Api.Response existing = api.post(restore, "{\"backupId\": \"" + backup.path("id").asString()
                + "\", \"mode\": \"NEW_DATABASE\", \"targetDatabase\": \"" + tenant.database() + "\"}");
        assertThat(existing.status()).isEqualTo(409);
    }

    @Test
    void a_worker_killed_mid_backup_leaves_no_succeeded_record_and_the_retry_succeeds() throws Exception {
        Tenant tenant = provisioned("BKKL");
        Path slowDump = slowPgDump();
        system.pauseWorker();
        JsonNode accepted;
        try (WorkerProcess doomed = WorkerProcess.start(system.services,
                "--provisioning.backups.pg-dump-path=" + slowDump)) {
            Api.Response response = api.post("/api/societes/" + tenant.id() + "/backups", "");
            assertThat(response.status()).isEqualTo(202);
            accepted = response.body();
            Eventually.await("a partial dump in the store", TIMEOUT, () -> partialFiles(tenant).size(), found -> found > 0);
            doomed.kill();
        } finally {
            system.resumeWorker();
        }
        String backupId = accepted.path("id").asString();
        assertThat(db.auth().sql("select status from provisioning.backups where id = cast(:id as uuid)").param("id", backupId)
                .query(String.class).single()).isNotEqualTo("SUCCEEDED");

        JsonNode job = api.awaitFinished(accepted.path("jobId").asString(), Duration.ofSeconds(120));
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode backup = backupsOf(tenant).get(0);
        assertThat(backup.path("id").asString()).isEqualTo(backupId);
        assertThat(backup.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sha256(storedFile(tenant, backup))).isEqualTo(backup.path("sha256").asString());
    }

    record Tenant(String id, String code, String database) {
    }

    static Tenant provisioned(String stem) {
        String code = ProvisionTenantTest.uniqueCode(stem);
        Api.Response accepted = api.provision(ProvisionTenantTest.body("Sauvegarde " + code, code));
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        return new Tenant(accepted.body().path("societeId").asString(), code, system.databaseName(code));
    }

    /** A MANUAL backup, finished: as the listing shows it. */
    static JsonNode backedUp(Tenant tenant) {
        Api.Response accepted = api.post("/api/societes/" + tenant.id() + "/backups", "");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(accepted.body().path("id").asString()).isNotBlank();
        JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), TIMEOUT);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode newest = backupsOf(tenant).get(0);
        assertThat(newest.path("id").asString()).isEqualTo(accepted.body().path("id").asString());
        assertThat(newest.path("status").asString()).isEqualTo("SUCCEEDED");
        return newest;
    }

    static JsonNode backupsOf(Tenant tenant) {
        Api.Response listing = api.get("/api/societes/" + tenant.id() + "/backups");
        assertThat(listing.status()).isEqualTo(200);
        return listing.body().path("content");
    }

    static long rows(Tenant tenant, String table) {
        return db.in(tenant.database()).sql("select count(*) from " + table).query(Long.class).single();
    }

    static Path storedFile(Tenant tenant, JsonNode backup) {
        String key = db.auth().sql("select storage_key from provisioning.backups where id = cast(:id as uuid)")
                .param("id", backup.path("id").asString()).query(String.class).single();
        return system.services.backupDirectory.resolve(key);
    }

    private static List<Path> partialFiles(Tenant tenant) {
        Path directory = system.services.backupDirectory.resolve(tenant.code().toLowerCase());
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".partial")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pg_dump that writes the start of its dump, then hangs: a worker can be killed mid-backup. */
    private static Path slowPgDump() throws IOException {
        Path script = Files.createTempFile("slow-pg-dump", ".sh");
        Files.writeString(script, """
                #!/bin/sh
                case "$1" in --version) exec pg_dump --version;; esac
                dump=$(mktemp)
                pg_dump "$@" > "$dump"
                head -c 2048 "$dump"
                sleep 30
                tail -c +2049 "$dump"
                rm -f "$dump"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        script.toFile().deleteOnExit();
        return script;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
