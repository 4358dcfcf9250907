package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The warm pool end to end, in worker processes whose pool is on (this JVM's worker keeps none, is
 * paused while they take the commands, and cleans the pool up every second as every worker does):
 * a hit, two claims at once, a miss falling back to the template, a worker killed between claim and
 * rename and in the middle of a refill, and a release with a newer TENANT migration
 * invalidating the pool (which this JVM's older worker leaves alone). The tests build on each other,
 * in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmPoolTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String POOLED = "--provisioning.tenant-pool.size=2";
    private static final String REFILL_OFTEN = "--provisioning.tenant-pool.refill-interval=1s";
    /** A version no other test's migrations use, so its template cannot clash with theirs. */
    private static final String NEWER_VERSION = "90";

    private static Path holdClaims;
    private static Path holdRefills;
    private static WorkerProcess pooled;

    @BeforeAll
    static void aWorkerWithAPoolOfTwo() throws IOException {
        holdClaims = Files.createTempFile("hold-pool-claims", "");
        holdRefills = Files.createTempFile("hold-pool-refills", "");
        release(holdClaims);
        release(holdRefills);
        system.pauseWorker();
        pooled = WorkerProcess.start(system.services, POOLED, REFILL_OFTEN,
                "--test.hold-pool-claim=" + holdClaims, "--test.hold-pool-refill=" + holdRefills);
        awaitReady(2);
    }

    @AfterAll
    static void stopWorkersAndEmptyThePool() throws IOException {
        release(holdClaims);
        release(holdRefills);
        if (pooled != null) {
            pooled.close();
        }
        system.resumeWorker();
        for (String database : poolDatabasesOnServer()) {
            server().sql("drop database if exists \"" + database + "\" with (force)").update();
        }
        db.auth().sql("delete from provisioning.tenant_pool").update();
        String newerTemplate = system.databaseName("template_v" + NEWER_VERSION);
        if (db.exists(newerTemplate)) {
            server().sql("alter database \"" + newerTemplate + "\" with is_template false").update();
            server().sql("drop database \"" + newerTemplate + "\" with (force)").update();
        }
    }

    @Test
    @Order(1)
    void a_provisioning_takes_a_ready_database_from_the_pool_renames_it_and_the_pool_is_refilled() {
        List<String> ready = members("READY");
        String code = ProvisionTenantTest.uniqueCode("POOLHIT");

        String jobId = provisionAndAwaitSuccess(code);

        String taken = takenFromPool(pooled, code);
        assertThat(ready).as("the claim took a ready member").contains(taken);
        assertThat(db.exists(taken)).as("renamed, not copied").isFalse();
        assertThat(comment(system.databaseName(code))).isEqualTo("created by topsteel provisioning job " + jobId);
        JdbcClient tenant = db.in(system.databaseName(code));
        assertThat(tenant.sql("select value from system_parameters where key = 'company_name'").query(String.class).single())
                .isEqualTo("Société " + code);
        assertThat(tenant.sql("select count(*) from material_categories").query(Integer.class).single()).isEqualTo(7);
        assertThat(tenant.sql("select count(*) from audit_log where action = 'SOCIETE_PROVISIONED'").query(Integer.class).single())
                .isEqualTo(1);
        awaitReady(2);

        JsonNode server = api.get("/api/ops/pool").body().path("servers").get(0);
        assertThat(server.path("server").asString()).isEqualTo("default");
        assertThat(server.path("ready").asInt()).isEqualTo(2);
        assertThat(server.path("members").values()).extracting(member -> member.path("database").asString())
                .containsExactlyInAnyOrderElementsOf(members("READY"));
        assertThat(api.as(Api.CLIENT_KEY).get("/api/ops/pool").status()).as("ops only").isEqualTo(403);
    }

    @Test
    @Order(2)
    void two_claims_at_once_get_different_databases_and_an_empty_pool_falls_back_to_the_template() throws IOException {
        hold(holdRefills);
        try {
            String first = ProvisionTenantTest.uniqueCode("POOLA");
            String second = ProvisionTenantTest.uniqueCode("POOLB");
            CompletableFuture<String> firstJob = CompletableFuture.supplyAsync(() -> provisionAndAwaitSuccess(first));
            CompletableFuture<String> secondJob = CompletableFuture.supplyAsync(() -> provisionAndAwaitSuccess(second));
            firstJob.join();
            secondJob.join();
            assertThat(takenFromPool(pooled, first)).isNotEqualTo(takenFromPool(pooled, second));
            assertThat(members("READY")).as("both ready members taken; the refill is held").isEmpty();

            String missed = ProvisionTenantTest.uniqueCode("POOLMISS");
            provisionAndAwaitSuccess(missed);
            assertThat(pooled.log()).doesNotContain("Database " + system.databaseName(missed) + " taken from the warm pool");
            assertThat(pooled.log()).contains("Created database " + system.databaseName(missed) + " from "
                    + system.databaseName("template_v"));
        } finally {
            release(holdRefills);
        }
        awaitReady(2);
    }

    /** One SIGKILL for both: a job held between its claim and the rename, and the refill that claim started held mid-way. */
    @Test
    @Order(3)
    void a_worker_killed_between_claim_and_rename_and_in_the_middle_of_a_refill_leaves_no_orphan() throws IOException {
        hold(holdClaims);
        hold(holdRefills);
        String code = ProvisionTenantTest.uniqueCode("POOLKILL");
        String jobId = api.provision(ProvisionTenantTest.body("Vivier " + code, code)).body().path("jobId").asString();
        String claimed = Eventually.await("a claim by job " + jobId, TIMEOUT,
                () -> db.auth().sql("select database_name from provisioning.tenant_pool where claimed_by_job = cast(:job as uuid)")
                        .param("job", jobId).query(String.class).optional(),
                java.util.Optional::isPresent).get();
        // one member short: the next refill round copies one, and is held before its seed rows
        String creating = Eventually.await("a pool database copied and not yet seeded", TIMEOUT,
                () -> members("CREATING").stream().filter(db::exists).findFirst(), java.util.Optional::isPresent).get();

        pooled.kill();
        pooled = null;
        release(holdClaims);
        release(holdRefills);
        system.resumeWorker();

        // this JVM's worker takes the job over; keeping no pool, it still finishes the claim, and cleans up every second
        assertThat(api.awaitFinished(jobId, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(db.exists(claimed)).as("the claimed database became the tenant's").isFalse();
        assertThat(comment(system.databaseName(code))).isEqualTo("created by topsteel provisioning job " + jobId);
        assertThat(members("CLAIMED")).isEmpty();
        Eventually.await("the dead refill's database dropped", TIMEOUT,
                () -> db.exists(creating) || !members("CREATING").isEmpty(), left -> !left);
        assertNoPoolDatabaseUnrecorded();
    }

    @Test
    @Order(4)
    void a_release_with_a_newer_tenant_migration_replaces_the_older_pool_and_an_older_worker_never_drops_the_newer()
            throws IOException {
        List<String> older = members("READY");
        assertThat(versionsOf("READY")).as("left by the earlier tests").isNotEmpty().containsOnly("2");
        system.pauseWorker();
        try (WorkerProcess newer = WorkerProcess.start(system.services, "--provisioning.tenant-pool.size=1", REFILL_OFTEN,
                newerRelease())) {
            Eventually.await("only a member of version " + NEWER_VERSION, TIMEOUT, () -> versionsOf("READY"),
                    versions -> versions.equals(List.of(NEWER_VERSION)));
            Eventually.await("the older members dropped", TIMEOUT, () -> older.stream().anyMatch(db::exists), left -> !left);
            // this JVM's worker, at version 2, cleans the pool up every second: it leaves the newer member alone
            Eventually.sleep(Duration.ofSeconds(3));
            assertThat(versionsOf("READY")).containsExactly(NEWER_VERSION);
            assertNoPoolDatabaseUnrecorded();
        } finally {
            system.resumeWorker();
        }
    }

    @Test
    @Order(5)
    void the_reconciler_knows_pool_databases_and_the_clean_up_drops_a_tagged_one_no_record_knows() {
        List<String> recorded = members("READY");
        String byHand = system.databaseName("pool_byhand");
        String unrecordedMember = system.databaseName("pool_unrecorded");
        server().sql("create database \"" + byHand + "\"").update();
        try {
            JsonNode report = ReconcilerTest.reconcile(true);
            List<JsonNode> aboutThePool = report.path("findings").values().stream()
                    .filter(finding -> finding.path("target").asString().startsWith(system.databaseName("pool_")))
                    .toList();
            assertThat(aboutThePool).as("recorded members are no drift").singleElement().satisfies(finding -> {
                assertThat(finding.path("target").asString()).isEqualTo(byHand);
                assertThat(finding.path("kind").asString()).isEqualTo("POOL_LEFTOVER");
                assertThat(finding.path("proposedAction").asString()).as("untagged: never dropped").isEqualTo("REPORT");
            });
            assertThat(recorded).allSatisfy(member -> assertThat(db.exists(member)).isTrue());

            // as a refill left it (by the services' role), its record lost
            server().sql("create database \"" + unrecordedMember + "\" owner \""
                    + system.services.provisioningRole.username() + "\"").update();
            server().sql("comment on database \"" + unrecordedMember + "\" is 'topsteel tenant pool member of "
                    + system.services.authDatabase + ", template 2, seed 000000000000'").update();
            Eventually.await("the tagged member no record knows dropped by a clean-up", TIMEOUT,
                    () -> db.exists(unrecordedMember), exists -> !exists);
            assertThat(db.exists(byHand)).as("an untagged database is never dropped").isTrue();
        } finally {
            server().sql("drop database if exists \"" + byHand + "\"").update();
            server().sql("drop database if exists \"" + unrecordedMember + "\"").update();
        }
    }

    private static String newerRelease() throws IOException {
        Path folder = Files.createTempDirectory("tenant-migrations");
        Files.writeString(folder.resolve("V" + NEWER_VERSION + "__pool_probe.sql"), "create table pool_probe (id int primary key);");
        folder.toFile().deleteOnExit();
        folder.resolve("V" + NEWER_VERSION + "__pool_probe.sql").toFile().deleteOnExit();
        return "--provisioning.tenant-migrations.locations=classpath:db/tenant,filesystem:" + folder;
    }

    private static String provisionAndAwaitSuccess(String code) {
        Api.Response accepted = api.provision(ProvisionTenantTest.body("Vivier " + code, code));
        assertThat(accepted.status()).isEqualTo(202);
        String jobId = accepted.body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, TIMEOUT).path("status").asString()).as(code).isEqualTo("SUCCEEDED");
        return jobId;
    }

    /** The pool database the worker's log says it renamed to the société's. */
    private static String takenFromPool(WorkerProcess worker, String code) {
        Matcher taken = Pattern.compile("Database " + Pattern.quote(system.databaseName(code))
                + " taken from the warm pool \\((\\S+)\\)").matcher(worker.log());
        assertThat(taken.find()).as("société " + code + " taken from the pool").isTrue();
        return taken.group(1);
    }

    private static void awaitReady(int members) {
        Eventually.await(members + " ready pool databases", TIMEOUT, () -> members("READY").size(), ready -> ready == members);
    }

    private static List<String> members(String state) {
        return db.auth().sql("select database_name from provisioning.tenant_pool where state = :state order by created_at")
                .param("state", state).query(String.class).list();
    }

    private static List<String> versionsOf(String state) {
        return db.auth().sql("select template_version from provisioning.tenant_pool where state = :state order by created_at")
                .param("state", state).query(String.class).list();
    }

    private static List<String> poolDatabasesOnServer() {
        String prefix = system.databaseName("pool_");
        return server().sql("select datname from pg_database where left(datname, length(:prefix)) = :prefix")
                .param("prefix", prefix).query(String.class).list();
    }

    /** No orphan: every pool-named database on the server is a member the records know. */
    private static void assertNoPoolDatabaseUnrecorded() {
        List<String> recorded = db.auth().sql("select database_name from provisioning.tenant_pool").query(String.class).list();
        assertThat(poolDatabasesOnServer()).allSatisfy(database -> assertThat(recorded).contains(database));
    }

    private static String comment(String database) {
        return server().sql("select shobj_description(oid, 'pg_database') from pg_database where datname = :name")
                .param("name", database).query(String.class).single();
    }

    private static JdbcClient server() {
        return db.in("postgres");
    }

    private static void hold(Path file) throws IOException {
        Files.writeString(file, "held by WarmPoolTest");
    }

    private static void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
