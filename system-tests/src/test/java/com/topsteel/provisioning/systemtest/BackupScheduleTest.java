package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.systemtest.BackupTest.Tenant;

import tools.jackson.databind.JsonNode;

/**
 * The scheduled run (retention with the worker's clock set by the test, FINAL backups purged after
 * their grace period, every ACTIVE société backed up) and a restore drill, each asked for through the
 * ops API as the recurring jobs ask for them.
 */
class BackupScheduleTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** A Saturday; Europe/Paris is two hours ahead. */
    private static final Instant NOW = Instant.parse("2030-06-15T10:00:00Z");

    @Test
    void retention_keeps_seven_daily_and_four_weekly_and_the_grace_period_purges_final_backups() throws Exception {
        Tenant tenant = BackupTest.provisioned("BKRT");
        Map<String, String> backups = new LinkedHashMap<>();
        // kept: the newest of each of the last 7 days (June 9 to 15), then of each of the last 4 weeks
        for (String day : List.of("15T00:30", "14T00:30", "13T00:30", "12T00:30", "11T00:30", "10T00:30", "09T00:30")) {
            backups.put("2030-06-" + day, "kept");
        }
        backups.put("2030-06-15T00:10", "pruned"); // the same day as a newer one
        backups.put("2030-06-08T00:30", "pruned"); // the week of June 3 has June 9
        backups.put("2030-06-05T00:30", "pruned");
        backups.put("2030-05-31T00:30", "kept");   // the newest of the week of May 27
        backups.put("2030-05-28T00:30", "pruned");
        backups.put("2030-05-22T00:30", "kept");   // the week of May 20, the fourth
        backups.put("2030-05-15T00:30", "pruned"); // five weeks back
        Map<String, Path> files = new LinkedHashMap<>();
        for (String takenAt : backups.keySet()) {
            files.put(takenAt, fakeBackup(tenant, "SCHEDULED", "SUCCEEDED", takenAt + ":00Z"));
        }
        Path oldFailure = fakeBackup(tenant, "SCHEDULED", "FAILED", "2030-05-01T00:30:00Z");
        Path finalBackup = fakeBackup(tenant, "FINAL", "SUCCEEDED", "2030-05-01T00:30:00Z");
        Path finalToPurge = fakeBackup(tenant, "FINAL", "SUCCEEDED", "2030-05-02T00:30:00Z");
        UUID purgedSociete = keptSociete(finalToPurge, "2030-06-01T00:00:00Z");
        UUID stillKept = keptSociete(finalBackup, "2030-06-20T00:00:00Z");

        SettableClock clock = system.workerBean(SettableClock.class);
        clock.set(NOW);
        try {
            Api.Response run = api.post("/api/ops/backups/run", "");
            assertThat(run.status()).as(run.body().toString()).isEqualTo(202);
            assertThat(api.post("/api/ops/backups/run", "").status()).isEqualTo(409);
            JsonNode job = api.awaitFinished(run.body().path("jobId").asString(), TIMEOUT);
            assertThat(stepStatus(job, "apply-retention")).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(stepStatus(job, "purge-expired-final-backups")).isEqualTo("SUCCEEDED");
        } finally {
            clock.reset();
        }

        backups.forEach((takenAt, fate) -> assertThat(Files.exists(files.get(takenAt))).as(takenAt + " " + fate)
                .isEqualTo(fate.equals("kept")));
        assertThat(db.count("select count(*) from provisioning.backups where societe_id = '" + tenant.id()
                + "' and trigger = 'SCHEDULED' and created_at < '2030-12-31'")).isEqualTo(10);
        assertThat(oldFailure).doesNotExist();
        assertThat(finalBackup).exists();
        assertThat(finalToPurge).doesNotExist();
        assertThat(db.auth().sql("select status from provisioning.deleted_societes where id = :id").param("id", purgedSociete)
                .query(String.class).single()).isEqualTo("PURGED");
        assertThat(db.auth().sql("select status from provisioning.deleted_societes where id = :id").param("id", stillKept)
                .query(String.class).single()).isEqualTo("DELETED");
        // and the run backed up every ACTIVE société, this one included, today
        assertThat(db.count("select count(*) from provisioning.backups where societe_id = '" + tenant.id()
                + "' and trigger = 'SCHEDULED' and status = 'SUCCEEDED'"
                + " and created_at between now() - interval '1 hour' and now()")).isEqualTo(1);
    }

    @Test
    void a_restore_drill_restores_the_latest_backup_and_records_when_it_was_verified() {
        Tenant tenant = BackupTest.provisioned("BKDR");
        JsonNode backup = BackupTest.backedUp(tenant);
        assertThat(backup.path("verifiedAt").isNull() || backup.path("verifiedAt").isMissingNode()).isTrue();

        Api.Response drill = api.post("/api/ops/backups/drills?sample=1000", "");
        assertThat(drill.status()).as(drill.body().toString()).isEqualTo(202);
        assertThat(api.post("/api/ops/backups/drills?sample=0", "").status()).isEqualTo(400);
        api.awaitFinished(drill.body().path("jobId").asString(), TIMEOUT);

        assertThat(BackupTest.backupsOf(tenant).get(0).path("verifiedAt").asString()).isNotBlank();
        // no scratch database outlives the drill
        assertThat(db.in("postgres").sql("select count(*) from pg_database where datname like :pattern")
                .param("pattern", system.services.tenantDatabasePrefix + "\\_drill%").query(Long.class).single()).isZero();
    }

    private static String stepStatus(JsonNode job, String step) {
        for (JsonNode each : job.path("steps")) {
            if (each.path("name").asString().equals(step)) {
                return each.path("status").asString();
            }
        }
        return "absent";
    }

    /** A backup record as the worker would have written it at {@code takenAt}, with a file in the store. */
    private static Path fakeBackup(Tenant tenant, String trigger, String status, String takenAt) throws Exception {
        UUID id = UUID.randomUUID();
        String key = tenant.code().toLowerCase() + "/" + id + ".dump";
        Path file = system.services.backupDirectory.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not really a dump " + id);
        db.auth().sql("""
                insert into provisioning.backups (id, societe_id, societe_code, database_name, job_id, trigger, status,
                    storage_key, size_bytes, sha256, created_at, started_at, finished_at)
                values (:id, cast(:societeId as uuid), :code, :database, :jobId, :trigger, :status, :key, 10, :sha,
                    cast(:takenAt as timestamptz), cast(:takenAt as timestamptz), cast(:takenAt as timestamptz))""")
                .param("id", id).param("societeId", tenant.id()).param("code", tenant.code()).param("database", tenant.database())
                .param("jobId", UUID.randomUUID()).param("trigger", trigger).param("status", status).param("key", key)
                .param("sha", "0".repeat(64)).param("takenAt", takenAt)
                .update();
        return file;
    }

    /** A destroyed société kept until {@code purgeAfter}, with the FINAL backup that {@code file} holds. */
    private static UUID keptSociete(Path file, String purgeAfter) {
        UUID id = UUID.randomUUID();
        String code = ProvisionTenantTest.uniqueCode("GONE");
        db.auth().sql("""
                insert into provisioning.deleted_societes (id, code, nom, database_name, societe, users, final_backup_id,
                    destroy_job_id, purge_after)
                values (:id, :code, 'Partie', :database, '{}', '[]',
                    (select id from provisioning.backups where storage_key like '%' || :name), :jobId, cast(:purgeAfter as timestamptz))""")
                .param("id", id).param("code", code).param("database", system.databaseName(code))
                .param("name", file.getFileName().toString()).param("jobId", UUID.randomUUID()).param("purgeAfter", purgeAfter)
                .update();
        return id;
    }
}
