package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

import tools.jackson.databind.JsonNode;

/**
 * Fleet upgrades end to end: TENANT migrations shipped through
 * {@code provisioning.tenant-migrations.locations} to worker processes of a "new release", twenty
 * sociétés provisioned by this JVM's worker (the "old release", paused meanwhile so the new
 * workers run the campaigns), one of them refusing a migration. The tests build on each other:
 * version 3, then 4, then 5.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetUpgradeTest extends SystemTest {

    // every tenant of the run (about 170 by then), each dumped first in the backupFirst campaign
    private static final Duration CAMPAIGN_TIMEOUT = Duration.ofSeconds(300);
    private static final int SOCIETES = 20;
    private static final String REFUSE_3 = "test.refuse-upgrade-3";
    private static final String REFUSE_4 = "test.refuse-upgrade-4";

    private static final List<String> codes = new ArrayList<>();
    private static final Map<String, String> societeIds = new HashMap<>();
    private static Path release3;
    private static Path release4;
    private static Path release5;

    @BeforeAll
    static void twentySocietesAtVersion2AndThreeReleasesOfMigrations() throws IOException {
        String v3 = """
                alter table system_parameters add column reviewed boolean not null default false;
                do $$ begin
                  if exists (select 1 from system_parameters where key = '%s') then
                    raise exception 'this tenant refuses the upgrade to 3';
                  end if;
                end $$;""".formatted(REFUSE_3);
        // slow enough that a worker can be killed in the middle of a campaign
        String v4 = """
                select pg_sleep(0.25);
                create table upgrade_probe (id int primary key);
                do $$ begin
                  if exists (select 1 from system_parameters where key = '%s') then
                    raise exception 'this tenant refuses the upgrade to 4';
                  end if;
                end $$;""".formatted(REFUSE_4);
        String v5 = "alter table upgrade_probe add column note text;";
        release3 = release(Map.of("V3__reviewed_parameters.sql", v3));
        release4 = release(Map.of("V3__reviewed_parameters.sql", v3, "V4__upgrade_probe.sql", v4));
        release5 = release(Map.of("V3__reviewed_parameters.sql", v3, "V4__upgrade_probe.sql", v4, "V5__probe_note.sql", v5));

        List<CompletableFuture<String>> provisioned = new ArrayList<>();
        for (int i = 0; i < SOCIETES; i++) {
            String code = ProvisionTenantTest.uniqueCode("FLEET" + (char) ('A' + i));
            codes.add(code);
            provisioned.add(CompletableFuture.supplyAsync(() -> api.provision(ProvisionTenantTest.body("Flotte " + code, code)))
                    .thenApply(accepted -> accepted.body().path("jobId").asString()));
        }
        for (CompletableFuture<String> job : provisioned) {
            assertThat(api.awaitFinished(job.join(), Duration.ofSeconds(120)).path("status").asString()).isEqualTo("SUCCEEDED");
        }
        for (String code : codes) {
            societeIds.put(code, api.get("/api/societes/by-code/" + code).body().path("id").asString());
        }
        db.awaitNoActiveJob(Duration.ofSeconds(120));
        system.pauseWorker();
    }

    @AfterAll
    static void endCampaignsAndResumeInProcessWorker() {
        db.auth().sql("update provisioning.upgrade_campaigns set status = 'ABORTED' where status in ('RUNNING', 'PAUSED')").update();
        system.resumeWorker();
    }

    @Test
    @Order(1)
    void a_new_société_records_its_schema_version_and_bad_campaign_requests_change_nothing() {
        long campaignsBefore = campaigns();
        JsonNode societe = api.get("/api/societes/" + societeIds.get(codes.get(0))).body();
        assertThat(societe.path("schemaVersion").asString()).isEqualTo("2");
        assertThat(societe.path("schemaStatus").asString()).isEqualTo("CURRENT");

        assertThat(api.as(Api.CLIENT_KEY).post("/api/ops/upgrades", "{}").status()).isEqualTo(403);
        assertRefused("{\"targetVersion\": \"99\"}", 422, "targetVersion");
        assertRefused("{\"targetVersion\": \"1\"}", 422, "targetVersion");
        assertRefused("{\"targetVersion\": \"three\"}", 400, "targetVersion");
        assertRefused("{\"canary\": \"all\"}", 400, "canary");
        assertRefused("{\"canary\": [\"NO_SUCH_SOCIETE\"]}", 422, "canary");
        assertRefused("{\"canary\": -1}", 400, "canary");
        assertRefused("{\"waveSize\": 0}", 400, "waveSize");
        assertRefused("{\"maxParallel\": 1000}", 400, "maxParallel");
        assertRefused("{\"failureThreshold\": 101}", 400, "failureThreshold");
        assertThat(api.post("/api/ops/upgrades", "{\"wavesize\": 3}").status()).isEqualTo(400);
        assertThat(api.get("/api/ops/upgrades/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(api.post("/api/ops/upgrades/00000000-0000-0000-0000-000000000000/pause", "").status()).isEqualTo(404);
        assertThat(campaigns()).isEqualTo(campaignsBefore);
    }

    @Test
    @Order(2)
    void a_campaign_backs_up_and_upgrades_every_tenant_but_the_one_that_refuses_and_retry_failed_brings_it_to_the_target() {
        String broken = codes.get(5);
        db.in(system.databaseName(broken)).sql("insert into system_parameters (key, value, type, category) values ('"
                + REFUSE_3 + "', 'yes', 'string', 'test')").update();
        try (WorkerProcess release = WorkerProcess.start(system.services, locations(release3))) {
            long campaignsBefore = campaigns();
            JsonNode plan = api.post("/api/ops/upgrades", "{\"dryRun\": true, \"canary\": [\"" + codes.get(0) + "\"]}").body();
            assertThat(plan.path("targetVersion").asString()).as("the newest version a live worker knows").isEqualTo("3");
            assertThat(plan.path("plan").values()).filteredOn(tenant -> codes.contains(tenant.path("societeCode").asString()))
                    .hasSize(SOCIETES)
                    .allSatisfy(tenant -> assertThat(tenant.path("fromVersion").asString()).isEqualTo("2"));
            assertThat(campaigns()).as("a dry run changes nothing").isEqualTo(campaignsBefore);

            Api.Response started = api.post("/api/ops/upgrades", """
                    {"canary": ["%s"], "waveSize": 5, "maxParallel": 4, "failureThreshold": 100, "backupFirst": true}"""
                    .formatted(codes.get(0)));
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.body().path("backupFirst").asBoolean()).isTrue();
            String campaignId = started.body().path("id").asString();
            assertThat(started.location()).isEqualTo("/api/ops/upgrades/" + campaignId);
            assertThat(started.body().path("targetVersion").asString()).isEqualTo("3");
            assertThat(started.body().path("canary").asInt()).isEqualTo(1);

            JsonNode campaign = awaitCampaign(campaignId, "COMPLETED");
            assertThat(ledgerOfOurs(campaignId)).allSatisfy((code, entry) -> {
                if (code.equals(broken)) {
                    assertThat(entry.path("status").asString()).isEqualTo("FAILED");
                    assertThat(entry.path("error").asString()).contains("this tenant refuses the upgrade to 3");
                    assertThat(entry.path("fromVersion").asString()).isEqualTo("2");
                } else {
                    assertThat(entry.path("status").asString()).as(code).isEqualTo("SUCCEEDED");
                    assertThat(entry.path("attempts").asInt()).isEqualTo(1);
                    assertThat(entry.path("toVersion").asString()).isEqualTo("3");
                }
            });
            for (String code : codes) {
                JsonNode societe = api.get("/api/societes/" + societeIds.get(code)).body();
                assertThat(societe.path("schemaVersion").asString()).as(code).isEqualTo(code.equals(broken) ? "2" : "3");
                assertThat(societe.path("schemaStatus").asString()).isEqualTo(code.equals(broken) ? "UPGRADE_FAILED" : "CURRENT");
                assertThat(installedVersion(code)).isEqualTo(code.equals(broken) ? "2" : "3");
            }
            assertThat(api.get("/api/societes/statistics").body().path("schemaVersions").path("3").asLong())
                    .isGreaterThanOrEqualTo(SOCIETES - 1);
            String jobId = campaign.path("campaign").path("jobId").asString();
            assertThat(db.auth().sql("select type from provisioning.job_events where job_id = cast(:id as uuid) order by id")
                    .param("id", jobId).query(String.class).list())
                    .contains("upgrade.started", "upgrade.tenant.failed", "upgrade.completed");
            // each tenant backed up before its migration, under the campaign's job, at the version it left
            for (String code : codes) {
                assertThat(db.auth().sql("""
                        select trigger || ' ' || status || ' ' || schema_version from provisioning.backups
                        where societe_id = cast(:id as uuid) and job_id = cast(:job as uuid)""")
                        .param("id", societeIds.get(code)).param("job", jobId).query(String.class).list())
                        .as(code).containsExactly("PRE_UPGRADE SUCCEEDED 2");
            }
            JsonNode listed = api.get("/api/societes/" + societeIds.get(codes.get(1)) + "/backups").body().path("content").get(0);
            assertThat(listed.path("trigger").asString()).isEqualTo("PRE_UPGRADE");
            assertThat(listed.path("schemaVersion").asString()).isEqualTo("2");
            String inspection = system.services.tenantDatabasePrefix + "preup_" + codes.get(1).toLowerCase();
            try {
                Api.Response restore = api.post("/api/societes/" + societeIds.get(codes.get(1)) + "/restore", """
                        {"backupId": "%s", "mode": "NEW_DATABASE", "targetDatabase": "%s"}""".formatted(
                        listed.path("id").asString(), inspection));
                assertThat(restore.status()).as(restore.body().toString()).isEqualTo(202);
                JsonNode restored = api.awaitFinished(restore.body().path("jobId").asString(), CAMPAIGN_TIMEOUT);
                assertThat(restored.path("status").asString()).as(restored.toString()).isEqualTo("SUCCEEDED");
                assertThat(db.in(inspection).sql("""
                        select version from flyway_schema_history where success and version is not null
                        order by installed_rank desc limit 1""").query(String.class).single())
                        .as("the backup holds the schema before the upgrade").isEqualTo("2");
            } finally {
                db.in("postgres").sql("drop database if exists " + inspection + " with (force)").update();
            }

            db.in(system.databaseName(broken)).sql("delete from system_parameters where key = '" + REFUSE_3 + "'").update();
            Api.Response retried = api.post("/api/ops/upgrades/" + campaignId + "/retry-failed", "");
            assertThat(retried.status()).isEqualTo(200);
            awaitCampaign(campaignId, "COMPLETED");
            JsonNode fixed = ledgerOfOurs(campaignId).get(broken);
            assertThat(fixed.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(fixed.path("attempts").asInt()).isEqualTo(2);
            assertThat(db.count("select count(*) from provisioning.backups where trigger = 'PRE_UPGRADE' and status = 'SUCCEEDED'"
                    + " and societe_id = '" + societeIds.get(broken) + "'")).as("one more for its second attempt, a new job")
                    .isEqualTo(2);
            JsonNode societe = api.get("/api/societes/" + societeIds.get(broken)).body();
            assertThat(societe.path("schemaVersion").asString()).isEqualTo("3");
            assertThat(societe.path("schemaStatus").asString()).isEqualTo("CURRENT");
            assertThat(api.post("/api/ops/upgrades/" + campaignId + "/retry-failed", "").status())
                    .as("nothing failed any more").isEqualTo(409);
        }
    }

    @Test
    @Order(3)
    void a_failing_canary_stops_the_campaign_and_a_worker_killed_mid_campaign_is_resumed_with_each_tenant_migrated_once() {
        String canary = codes.get(1);
        db.in(system.databaseName(canary)).sql("insert into system_parameters (key, value, type, category) values ('"
                + REFUSE_4 + "', 'yes', 'string', 'test')").update();
        String campaignId;
        try (WorkerProcess doomed = WorkerProcess.start(system.services, locations(release4))) {
            Api.Response started = api.post("/api/ops/upgrades", """
                    {"targetVersion": "4", "canary": ["%s"], "maxParallel": 1, "failureThreshold": 100}""".formatted(canary));
            assertThat(started.status()).isEqualTo(202);
            campaignId = started.body().path("id").asString();

            JsonNode failed = awaitCampaign(campaignId, "FAILED");
            assertThat(failed.path("campaign").path("reason").asString()).contains(canary);
            assertThat(failed.path("campaign").path("counts").path("SUCCEEDED").asLong()).as("no wave started").isZero();
            assertThat(ledgerOfOurs(campaignId).get(canary).path("status").asString()).isEqualTo("FAILED");
            assertThat(api.awaitFinished(failed.path("campaign").path("jobId").asString(), CAMPAIGN_TIMEOUT)
                    .path("status").asString()).isEqualTo("FAILED");

            db.in(system.databaseName(canary)).sql("delete from system_parameters where key = '" + REFUSE_4 + "'").update();
            assertThat(api.post("/api/ops/upgrades/" + campaignId + "/retry-failed", "").status()).isEqualTo(200);
            assertThat(api.post("/api/ops/upgrades", "{\"targetVersion\": \"4\"}").status())
                    .as("one campaign at a time").isEqualTo(409);
            Eventually.await("a few tenants upgraded", CAMPAIGN_TIMEOUT,
                    () -> api.get("/api/ops/upgrades/" + campaignId).body().path("campaign").path("counts").path("SUCCEEDED").asLong(),
                    succeeded -> succeeded >= 4);
            doomed.kill();
        }
        assertThat(api.get("/api/ops/upgrades/" + campaignId).body().path("campaign").path("status").asString())
                .isEqualTo("RUNNING");

        try (WorkerProcess restarted = WorkerProcess.start(system.services, locations(release4),
                "--provisioning.upgrades.watchdog-interval=1s")) {
            awaitCampaign(campaignId, "COMPLETED");
            assertThat(ledgerOfOurs(campaignId)).allSatisfy((code, entry) ->
                    assertThat(entry.path("status").asString()).as(code).isEqualTo("SUCCEEDED"));
            for (String code : codes) {
                assertThat(installedVersion(code)).as(code).isEqualTo("4");
                assertThat(db.in(system.databaseName(code))
                        .sql("select count(*) from flyway_schema_history where version = '4'").query(Long.class).single())
                        .as("%s migrated to 4 once", code).isEqualTo(1);
            }
            assertThat(restarted.log()).contains("had no attempt running; resumed");
        }
    }

    @Test
    @Order(4)
    void workers_with_auto_start_start_one_campaign_to_their_version_whatever_their_number() {
        String[] autoStart = { locations(release5), "--provisioning.upgrades.auto-start=true" };
        List<CompletableFuture<WorkerProcess>> starting = List.of(
                CompletableFuture.supplyAsync(() -> WorkerProcess.start(system.services, Duration.ofMinutes(3), autoStart)),
                CompletableFuture.supplyAsync(() -> WorkerProcess.start(system.services, Duration.ofMinutes(3), autoStart)));
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            List<String> started = db.auth().sql("select cast(id as text) from provisioning.upgrade_campaigns where target_version = '5'")
                    .query(String.class).list();
            assertThat(started).hasSize(1);
            awaitCampaign(started.get(0), "COMPLETED");
            for (String code : codes) {
                assertThat(installedVersion(code)).as(code).isEqualTo("5");
            }
        } finally {
            // a worker left running would take later tests' commands
            for (CompletableFuture<WorkerProcess> worker : starting) {
                WorkerProcess process = worker.handle((started, failed) -> started).join();
                if (process != null) {
                    process.close();
                }
            }
        }
    }

    private static long campaigns() {
        return db.count("select count(*) from provisioning.upgrade_campaigns");
    }

    private static void assertRefused(String body, int status, String field) {
        Api.Response refused = api.post("/api/ops/upgrades", body);
        assertThat(refused.status()).as(body).isEqualTo(status);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.body().path("errors").values()).as(body)
                .anySatisfy(error -> assertThat(error.path("field").asString()).isEqualTo(field));
    }

    private static JsonNode awaitCampaign(String campaignId, String status) {
        return Eventually.await("campaign " + campaignId + " " + status, CAMPAIGN_TIMEOUT,
                () -> api.get("/api/ops/upgrades/" + campaignId + "?size=500").body(),
                campaign -> campaign.path("campaign").path("status").asString().equals(status));
    }

    /** Our twenty sociétés' ledger entries by code (the campaign also holds other tests' sociétés). */
    private static Map<String, JsonNode> ledgerOfOurs(String campaignId) {
        Map<String, JsonNode> ours = new HashMap<>();
        for (JsonNode entry : api.get("/api/ops/upgrades/" + campaignId + "?size=500").body().path("ledger").path("content")) {
            if (codes.contains(entry.path("societeCode").asString())) {
                ours.put(entry.path("societeCode").asString(), entry);
            }
        }
        assertThat(ours).hasSize(SOCIETES);
        return ours;
    }

    private static String installedVersion(String code) {
        return db.in(system.databaseName(code)).sql("""
                select version from flyway_schema_history where success and version is not null
                order by installed_rank desc limit 1""").query(String.class).single();
    }

    private static String locations(Path release) {
        return "--provisioning.tenant-migrations.locations=classpath:db/tenant,filesystem:" + release;
    }

    private static Path release(Map<String, String> migrations) {
        try {
            Path folder = Files.createTempDirectory("tenant-migrations");
            for (var migration : migrations.entrySet()) {
                Files.writeString(folder.resolve(migration.getKey()), migration.getValue());
            }
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
