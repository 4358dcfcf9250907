package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The reconciler end to end (docs/reconciler.md): each kind of drift made by hand — psql and direct
 * row edits — then a dry run (found, nothing changed), a run that repairs (each repaired or
 * reported), and a last run (only the report-only findings left); then twenty provisions and
 * destroys in flight while reconciliations repair, and none of them touched. The tests build on
 * each other. Other tests share this system, so only the findings about what this test made are
 * looked at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcilerTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** A société per kind of drift made on a société, by role. */
    private static final Map<String, String> codes = new HashMap<>();
    private static final Map<String, String> societeIds = new HashMap<>();
    private static final Map<String, String> provisionJobs = new HashMap<>();
    private static String untaggedOrphan;
    private static String leftoverTemplate;
    private static String failedDestroyJob;

    @BeforeAll
    static void driftMadeByHand() {
        List<String> roles = List.of("missing", "orphan", "stuck", "deleting", "abandoned", "behind");
        Map<String, CompletableFuture<String>> provisioned = new HashMap<>();
        for (String role : roles) {
            String code = ProvisionTenantTest.uniqueCode("RC" + role.substring(0, 3).toUpperCase());
            codes.put(role, code);
            provisioned.put(role, CompletableFuture.supplyAsync(() -> api.provision(ProvisionTenantTest.body("Dérive " + code, code)))
                    .thenApply(accepted -> accepted.body().path("jobId").asString()));
        }
        for (String role : roles) {
            String jobId = provisioned.get(role).join();
            assertThat(api.awaitFinished(jobId, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            provisionJobs.put(role, jobId);
            societeIds.put(role, api.get("/api/societes/by-code/" + codes.get(role)).body().path("id").asString());
        }
        // the newest version known is this worker's (workers of another test's newer release gone), and no
        // campaign holds the fleet: a tenant behind is the reconciler's to report
        Eventually.await("one TENANT version among live workers", TIMEOUT, () -> db.count("""
                select count(distinct tenant_schema_version) from provisioning.workers
                where seen_at > now() - interval '30 seconds'"""), versions -> versions == 1);
        for (String campaign : db.auth().sql("select id::text from provisioning.upgrade_campaigns where status in ('RUNNING', 'PAUSED')")
                .query(String.class).list()) {
            api.post("/api/ops/upgrades/" + campaign + "/abort", "");
        }

        // an ACTIVE société whose database someone dropped
        db.in("postgres").sql("drop database \"" + database("missing") + "\" with (force)").update();
        // a société row deleted by hand: its tagged database and its default users are left behind
        db.auth().sql("delete from societes where id = cast(:id as uuid)").param("id", societeIds.get("orphan")).update();
        // PROVISIONING for an hour, with no job on it
        db.auth().sql("update societes set status = 'PROVISIONING', updated_at = now() - interval '1 hour' where id = cast(:id as uuid)")
                .param("id", societeIds.get("stuck")).update();
        // DELETING for an hour; its destroy failed
        db.auth().sql("update societes set status = 'DELETING', updated_at = now() - interval '1 hour' where id = cast(:id as uuid)")
                .param("id", societeIds.get("deleting")).update();
        failedDestroyJob = UUID.randomUUID().toString();
        db.auth().sql("""
                insert into provisioning.jobs (id, run_id, type, status, societe_id, societe_code, societe_nom, database_name,
                    attempts, last_error, requested_by, created_at, started_at, finished_at, updated_at)
                values (cast(:id as uuid), gen_random_uuid(), 'DESTROY_TENANT', 'FAILED', cast(:societe as uuid), :code, :nom,
                    :database, 1, 'made by hand', 'dev-ops', now(), now(), now(), now())""")
                .param("id", failedDestroyJob)
                .param("societe", societeIds.get("deleting"))
                .param("code", codes.get("deleting"))
                .param("nom", "Dérive " + codes.get("deleting"))
                .param("database", database("deleting"))
                .update();
        // a job RUNNING for five minutes that no attempt holds: as if its worker had died
        db.auth().sql("update provisioning.jobs set status = 'RUNNING', finished_at = null, updated_at = now() - interval '5 minutes'"
                + " where id = cast(:id as uuid)").param("id", provisionJobs.get("abandoned")).update();
        // a tenant left at version 1
        db.auth().sql("update societes set schema_version = '1' where id = cast(:id as uuid)").param("id", societeIds.get("behind")).update();
        // a database with our prefix that this service did not make, and a template no worker uses
        untaggedOrphan = system.services.tenantDatabasePrefix + ProvisionTenantTest.uniqueCode("rcuntagged").toLowerCase();
        db.in("postgres").sql("create database \"" + untaggedOrphan + "\"").update();
        db.in("postgres").sql("comment on database \"" + untaggedOrphan + "\" is 'restored by hand by an operator'").update();
        leftoverTemplate = system.services.tenantDatabasePrefix + "template_v0_1";
        // as an earlier worker left it: made by the services' role, which may drop only what it owns
        db.in("postgres").sql("create database \"" + leftoverTemplate + "\" owner \""
                + system.services.provisioningRole.username() + "\"").update();
    }

    @Test
    @Order(1)
    void a_dry_run_lists_every_kind_of_drift_and_changes_nothing() {
        Map<String, Object> before = worldAsItIs();

        JsonNode report = reconcile(true);

        assertThat(report.path("dryRun").asBoolean()).isTrue();
        Map<String, JsonNode> found = mine(report);
        expect(found.get(codes.get("missing")), "MISSING_DATABASE", "CRITICAL", "MARK_DEGRADED", "PROPOSED");
        expect(found.get(database("orphan")), "ORPHAN_DATABASE", "WARNING", "REPORT", "PROPOSED");
        assertThat(found.get(database("orphan")).path("proof").asString()).contains("created by topsteel provisioning job " + provisionJobs.get("orphan"));
        expect(found.get("admin@" + codes.get("orphan").toLowerCase() + ".topsteel.local"), "ORPHAN_USER", "WARNING", "REMOVE_USER", "PROPOSED");
        expect(found.get("user@" + codes.get("orphan").toLowerCase() + ".topsteel.local"), "ORPHAN_USER", "WARNING", "REMOVE_USER", "PROPOSED");
        expect(found.get(codes.get("stuck")), "STUCK_SOCIETE", "WARNING", "MARK_DEGRADED", "PROPOSED");
        expect(found.get(codes.get("deleting")), "STUCK_SOCIETE", "WARNING", "REQUEUE_JOB", "PROPOSED");
        expect(found.get(provisionJobs.get("abandoned")), "ABANDONED_JOB", "WARNING", "TAKE_OVER_JOB", "PROPOSED");
        expect(found.get(codes.get("behind")), "BEHIND_SCHEMA", "INFO", "REPORT", "PROPOSED");
        expect(found.get(untaggedOrphan), "ORPHAN_DATABASE", "WARNING", "REPORT", "PROPOSED");
        expect(found.get(leftoverTemplate), "TEMPLATE_LEFTOVER", "INFO", "DROP_TEMPLATE", "PROPOSED");
        assertThat(found).hasSize(10);

        assertThat(worldAsItIs()).as("nothing changed by a dry run").isEqualTo(before);
        assertThat(db.count("select count(*) from provisioning.job_events where type = 'fleet.drift.detected' and job_id = '"
                + report.path("jobId").asString() + "'")).isEqualTo(1);
        Prometheus worker = Prometheus.scrape(system.workerBaseUrl());
        assertThat(worker.value("provisioning_drift_findings", "kind", "MISSING_DATABASE")).isGreaterThanOrEqualTo(1);
        assertThat(worker.value("provisioning_drift_findings", "kind", "ORPHAN_USER")).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/api/ops/reconcile/last").body().path("jobId").asString()).isEqualTo(report.path("jobId").asString());
    }

    @Test
    @Order(2)
    void applied_it_repairs_what_it_can_prove_and_reports_the_rest() {
        JsonNode report = reconcile(false);

        Map<String, JsonNode> found = mine(report);
        expect(found.get(codes.get("missing")), "MISSING_DATABASE", "CRITICAL", "MARK_DEGRADED", "APPLIED");
        assertThat(status("missing")).isEqualTo("DEGRADED");
        assertThat(db.exists(database("missing"))).as("never recreated empty").isFalse();

        // its job finished moments ago: within the grace period, reported with the date it will go
        expect(found.get(database("orphan")), "ORPHAN_DATABASE", "WARNING", "REPORT", "REPORTED");
        assertThat(found.get(database("orphan")).path("detail").asString()).contains("grace period");
        assertThat(db.exists(database("orphan"))).isTrue();
        assertThat(found.get("admin@" + codes.get("orphan").toLowerCase() + ".topsteel.local").path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(db.count("select count(*) from users where email like '%@" + codes.get("orphan").toLowerCase() + ".topsteel.local'")).isZero();

        assertThat(found.get(codes.get("stuck")).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(status("stuck")).isEqualTo("DEGRADED");

        assertThat(found.get(codes.get("deleting")).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(api.awaitFinished(failedDestroyJob, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(db.count("select count(*) from societes where id = '" + societeIds.get("deleting") + "'")).isZero();
        assertThat(db.exists(database("deleting"))).isFalse();

        assertThat(found.get(provisionJobs.get("abandoned")).path("outcome").asString()).isEqualTo("APPLIED");
        JsonNode takenOver = api.awaitFinished(provisionJobs.get("abandoned"), TIMEOUT);
        assertThat(takenOver.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(status("abandoned")).isEqualTo("ACTIVE");

        assertThat(found.get(codes.get("behind")).path("outcome").asString()).isEqualTo("REPORTED");
        assertThat(found.get(untaggedOrphan).path("outcome").asString()).isEqualTo("REPORTED");
        assertThat(db.exists(untaggedOrphan)).as("untagged: never dropped").isTrue();
        assertThat(found.get(leftoverTemplate).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(db.exists(leftoverTemplate)).isFalse();
    }

    @Test
    @Order(3)
    void a_tagged_orphan_is_dropped_once_its_grace_period_is_over_with_its_proof() {
        db.auth().sql("update provisioning.jobs set finished_at = now() - interval '2 hours' where id = cast(:id as uuid)")
                .param("id", provisionJobs.get("orphan")).update();

        JsonNode finding = mine(reconcile(false)).get(database("orphan"));

        expect(finding, "ORPHAN_DATABASE", "WARNING", "DROP_DATABASE", "APPLIED");
        assertThat(finding.path("outcomeDetail").asString())
                .contains("created by topsteel provisioning job " + provisionJobs.get("orphan"))
                .contains("SUCCEEDED");
        assertThat(db.exists(database("orphan"))).isFalse();
    }

    @Test
    @Order(4)
    void run_again_only_the_report_only_findings_are_left() {
        Map<String, JsonNode> found = mine(reconcile(false));

        assertThat(found.keySet()).containsExactlyInAnyOrder(codes.get("missing"), codes.get("behind"), untaggedOrphan);
        assertThat(found.values()).allSatisfy(finding -> {
            assertThat(finding.path("proposedAction").asString()).isEqualTo("REPORT");
            assertThat(finding.path("outcome").asString()).isEqualTo("REPORTED");
        });
        assertThat(found.get(codes.get("missing")).path("detail").asString()).contains("DEGRADED");
        db.in("postgres").sql("drop database \"" + untaggedOrphan + "\"").update();
    }

    @Test
    @Order(5)
    void twenty_provisions_and_destroys_in_flight_are_never_drift() {
        // stuck-after and abandoned-after are 0 s in these tests (RunningSystem): no grace hides a false finding
        List<String> toDestroy = new ArrayList<>();
        List<CompletableFuture<String>> ready = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = ProvisionTenantTest.uniqueCode("RCD" + (char) ('A' + i));
            toDestroy.add(code);
            ready.add(CompletableFuture.supplyAsync(() -> api.provision(ProvisionTenantTest.body("Détruite " + code, code)))
                    .thenApply(accepted -> accepted.body().path("jobId").asString()));
        }
        ready.forEach(job -> assertThat(api.awaitFinished(job.join(), TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED"));
        Map<String, String> destroyedIds = new HashMap<>();
        toDestroy.forEach(code -> destroyedIds.put(code, api.get("/api/societes/by-code/" + code).body().path("id").asString()));

        Set<String> inFlightTargets = new HashSet<>();
        Map<String, String> provisions = new HashMap<>();
        List<String> destroys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = ProvisionTenantTest.uniqueCode("RCP" + (char) ('A' + i));
            // each stops half-way twice and waits for its retry: a database with its société still
            // PROVISIONING, a société DELETING with no database and its users still there
            system.faults().failTransiently(code, "create-default-users", 2);
            provisions.put(code, api.provision(ProvisionTenantTest.body("Nouvelle " + code, code)).body().path("jobId").asString());
            String destroyed = toDestroy.get(i);
            system.faults().failTransiently(destroyed, "remove-users", 2);
            destroys.add(api.delete("/api/societes/" + destroyedIds.get(destroyed) + "/destroy-tenant").body().path("jobId").asString());
        }
        for (String code : provisions.keySet()) {
            inFlightTargets.addAll(targetsOf(code));
        }
        toDestroy.forEach(code -> inFlightTargets.addAll(targetsOf(code)));
        inFlightTargets.addAll(provisions.values());
        inFlightTargets.addAll(destroys);
        List<String> allJobs = new ArrayList<>(provisions.values());
        allJobs.addAll(destroys);

        List<JsonNode> reports = new ArrayList<>();
        while (db.count("select count(*) from provisioning.jobs where status not in ('SUCCEEDED', 'FAILED') and id in ("
                + quoted(allJobs) + ")") > 0) {
            reports.add(reconcile(false));
        }

        for (JsonNode report : reports) {
            List<String> touched = StreamSupport.stream(report.path("findings").spliterator(), false)
                    .map(finding -> finding.path("target").asString())
                    .filter(inFlightTargets::contains)
                    .toList();
            assertThat(touched).as("findings on work in progress in " + report).isEmpty();
        }
        assertThat(reports.stream().filter(report -> finishedWhileInFlight(report, allJobs)).count())
                .as("reconciliations that inspected while some of the twenty were still in flight").isPositive();
        provisions.forEach((code, job) -> {
            assertThat(api.awaitFinished(job, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/api/societes/by-code/" + code).body().path("status").asString()).isEqualTo("ACTIVE");
            assertThat(db.exists(system.databaseName(code))).isTrue();
        });
        for (int i = 0; i < 10; i++) {
            assertThat(api.awaitFinished(destroys.get(i), TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(db.exists(system.databaseName(toDestroy.get(i)))).isFalse();
        }
    }

    @Test
    @Order(6)
    void bad_input_is_a_problem_naming_the_field_and_a_client_is_refused() {
        Api.Response refused = api.post("/api/ops/reconcile?dryRun=perhaps", "");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().toString()).contains("dryRun");

        assertThat(api.as(Api.CLIENT_KEY).post("/api/ops/reconcile?dryRun=true", "").status()).isEqualTo(403);
        assertThat(api.get("/api/ops/reconcile/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void a_worker_asks_for_reconciliations_on_its_schedule() {
        try (WorkerProcess scheduling = WorkerProcess.start(system.services, "--provisioning.reconcile.periodic=true",
                "--provisioning.reconcile.interval=5s", "--provisioning.reconcile.apply-periodically=false")) {
            Eventually.await("a scheduled reconciliation finished", TIMEOUT, () -> db.count("""
                    select count(*) from provisioning.reconciliations
                    where requested_by = 'schedule' and dry_run and finished_at is not null"""), done -> done > 0);
        } finally {
            // the recurring job lives in JobRunr's storage, shared by every worker of these tests
            system.workerBean(org.jobrunr.scheduling.JobScheduler.class).deleteRecurringJob("reconcile-fleet");
        }
    }

    /** Asks for a reconciliation and waits for its report. */
    static JsonNode reconcile(boolean dryRun) {
        Api.Response accepted = Eventually.await("a reconciliation accepted", TIMEOUT,
                () -> api.post("/api/ops/reconcile?dryRun=" + dryRun, ""), response -> response.status() != 409);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        assertThat(accepted.location()).endsWith("/api/ops/reconcile/" + accepted.body().path("jobId").asString());
        JsonNode report = Eventually.await("reconciliation " + accepted.body().path("jobId").asString() + " finished", TIMEOUT,
                () -> api.get(accepted.location()).body(), seen -> seen.path("finished").asBoolean());
        assertThat(report.path("status").asString()).as(report.toString()).isEqualTo("SUCCEEDED");
        return report;
    }

    /** The findings about what this test made, by target. */
    private static Map<String, JsonNode> mine(JsonNode report) {
        Set<String> targets = new HashSet<>();
        codes.values().forEach(code -> targets.addAll(targetsOf(code)));
        targets.addAll(provisionJobs.values());
        targets.add(failedDestroyJob);
        targets.add(untaggedOrphan);
        targets.add(leftoverTemplate);
        Map<String, JsonNode> mine = new HashMap<>();
        for (JsonNode finding : report.path("findings")) {
            if (targets.contains(finding.path("target").asString())) {
                assertThat(mine.put(finding.path("target").asString(), finding)).as("one finding per target").isNull();
            }
        }
        return mine;
    }

    /** What a finding about a société may name: its code, its database, its default users. */
    private static List<String> targetsOf(String code) {
        return List.of(code, system.databaseName(code), "admin@" + code.toLowerCase() + ".topsteel.local",
                "user@" + code.toLowerCase() + ".topsteel.local");
    }

    private static void expect(JsonNode finding, String kind, String severity, String action, String outcome) {
        assertThat(finding).as("a finding").isNotNull();
        assertThat(finding.path("kind").asString()).as(finding.toString()).isEqualTo(kind);
        assertThat(finding.path("severity").asString()).as(finding.toString()).isEqualTo(severity);
        assertThat(finding.path("proposedAction").asString()).as(finding.toString()).isEqualTo(action);
        assertThat(finding.path("outcome").asString()).as(finding.toString()).isEqualTo(outcome);
        assertThat(finding.path("detail").asString()).isNotBlank();
    }

    /** Statuses, databases, users and jobs of what this test made: what a dry run must leave as it was. */
    private static Map<String, Object> worldAsItIs() {
        Map<String, Object> world = new HashMap<>();
        world.put("societes", db.auth().sql("select id::text || ':' || status || ':' || updated_at::text from societes order by id")
                .query(String.class).list());
        world.put("users", db.count("select count(*) from users"));
        world.put("jobs", db.auth().sql("select id::text || ':' || status || ':' || run_id::text from provisioning.jobs"
                + " where type <> 'RECONCILE_FLEET' order by id").query(String.class).list());
        for (String role : codes.keySet()) {
            world.put("database " + role, db.exists(database(role)));
        }
        world.put("untagged", db.exists(untaggedOrphan));
        world.put("template", db.exists(leftoverTemplate));
        return world;
    }

    /** Some of the jobs were accepted before the reconciliation was asked for and finished after its report. */
    private static boolean finishedWhileInFlight(JsonNode report, List<String> jobs) {
        OffsetDateTime asked = OffsetDateTime.parse(report.path("createdAt").asString());
        OffsetDateTime reported = OffsetDateTime.parse(report.path("finishedAt").asString());
        return db.count("select count(*) from provisioning.jobs where id in (" + quoted(jobs) + ") and created_at < '" + asked
                + "' and (finished_at is null or finished_at > '" + reported + "')") > 0;
    }

    private static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static String database(String role) {
        return system.databaseName(codes.get(role));
    }

    private static String status(String role) {
        return db.auth().sql("select status from societes where id = cast(:id as uuid)").param("id", societeIds.get(role))
                .query(String.class).single();
    }
}
