package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Workers as separate processes: one killed with SIGKILL in the middle of a step, two competing
 * for the same queue. This JVM's own worker is paused meanwhile, so the processes do the work.
 */
class WorkerProcessesTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);


    @BeforeAll
    static void leaveTheWorkToWorkerProcesses() {
        db.awaitNoActiveJob(Duration.ofSeconds(120));
        system.pauseWorker();
    }

    @AfterAll
    static void resumeInProcessWorker() {
        system.resumeWorker();
    }

    @Test
    void a_worker_killed_in_the_middle_of_a_step_leaves_the_job_to_a_restarted_worker_which_completes_it() {
        String code = ProvisionTenantTest.uniqueCode("KILLED");
        String jobId;
        try (WorkerProcess doomed = WorkerProcess.start(system.services, "--test.pause=" + code + ":create-default-users:120")) {
            jobId = api.provision(ProvisionTenantTest.body("Interrompue", code)).body().path("jobId").asString();
            awaitStepRunning(jobId, "create-default-users");
            doomed.kill();
        }

        try (WorkerProcess restarted = WorkerProcess.start(system.services)) {
            JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);

            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("steps").values()).allSatisfy(step -> {
                assertThat(step.path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(step.path("attempts").asInt()).as(step.path("name").asString())
                        .isEqualTo(step.path("name").asString().equals("create-default-users") ? 2 : 1);
            });
            assertThat(db.count("select count(*) from users where email like '%@" + code.toLowerCase() + ".topsteel.local'"))
                    .isEqualTo(2);
            assertThat(db.exists(system.databaseName(code))).isTrue();
            assertThat(restarted.log()).as("the redelivered command hands the run to JobRunr")
                    .contains("Job " + jobId + " (run " + runIdOf(jobId) + "), RUNNING after 1 attempt(s), handed to JobRunr");
            assertTakeoverContinuesTheRunsTrace(job);
        }
    }

    /** The restarted worker's attempt is in the trace of the request that queued the run, under it. */
    private static void assertTakeoverContinuesTheRunsTrace(JsonNode job) {
        String traceId = job.path("traceId").asString();
        // the attempt's span ends after its steps': it may reach the receiver a little later
        var trace = TracingTest.awaitTrace(traceId, spans -> TracingTest.has(spans, "step activate-societe")
                && spans.stream().anyMatch(span -> span.name().equals("job attempt")
                        && "takeover".equals(span.attribute("provisioning.attempt.origin"))));
        var request = TracingTest.single(trace, span -> span.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER
                && "/api/societes/provision-tenant".equals(span.attribute("uri")));
        var takeover = TracingTest.single(trace, span -> span.name().equals("job attempt")
                && "takeover".equals(span.attribute("provisioning.attempt.origin")));
        assertThat(takeover.service()).isEqualTo("provisioning-worker");
        assertThat(takeover.parentSpanId()).as("the taken-over run continues the original trace").isEqualTo(request.spanId());
        var retriedStep = TracingTest.single(trace, span -> span.name().equals("step create-default-users")
                && "2".equals(span.attribute("provisioning.step.attempt")));
        assertThat(retriedStep.parentSpanId()).isEqualTo(takeover.spanId());
    }

    @Test
    void a_first_attempt_starts_when_its_command_arrives_not_at_jobrunrs_next_poll() {
        // JobRunr polls only every 60 s here: a first attempt going through it would wait up to a minute
        try (WorkerProcess worker = WorkerProcess.start(system.services,
                "--jobrunr.background-job-server.poll-interval-in-seconds=60")) {
            String code = ProvisionTenantTest.uniqueCode("PROMPT");
            String jobId = api.provision(ProvisionTenantTest.body("Sans attente", code)).body().path("jobId").asString();

            JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(30));

            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
            assertThat(db.count("select count(*) from jobrunr_jobs where id = '" + runIdOf(jobId) + "'"))
                    .as("JobRunr never had the first attempt").isZero();
            assertThat(worker.log()).contains("Job " + jobId + " société " + code + " SUCCEEDED");
        }
    }

    @Test
    void twenty_provisions_over_two_worker_processes_give_twenty_databases_each_job_run_once() {
        try (WorkerProcess first = WorkerProcess.start(system.services);
             WorkerProcess second = WorkerProcess.start(system.services)) {
            List<String> codes = new ArrayList<>();
            List<String> jobIds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String code = ProvisionTenantTest.uniqueCode("PAIR");
                codes.add(code);
                jobIds.add(api.provision(ProvisionTenantTest.body("Concurrente " + i, code)).body().path("jobId").asString());
            }

            for (String jobId : jobIds) {
                JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
                assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(job.path("attempts").asInt()).as("runs of job " + jobId).isEqualTo(1);
                assertThat(job.path("steps").values()).allSatisfy(step -> assertThat(step.path("attempts").asInt()).isEqualTo(1));
            }
            assertThat(system.services.databasesOfThisRun()).containsAll(codes.stream().map(system::databaseName).toList());
            long doneByFirst = jobIds.stream().filter(id -> first.log().contains("Job " + id + " société")).count();
            long doneBySecond = jobIds.stream().filter(id -> second.log().contains("Job " + id + " société")).count();
            assertThat(doneByFirst + doneBySecond).isEqualTo(20);
            assertThat(doneByFirst).as("jobs run by the first process").isPositive();
            assertThat(doneBySecond).as("jobs run by the second process").isPositive();
        }
    }

    private static String runIdOf(String jobId) {
        return db.auth().sql("select run_id from provisioning.jobs where id = :id").param("id", java.util.UUID.fromString(jobId))
                .query(String.class).single();
    }

    private static void awaitStepRunning(String jobId, String step) {
        Eventually.await("step " + step + " of job " + jobId + " running", Duration.ofSeconds(60),
                () -> db.count("select count(*) from provisioning.job_steps where job_id = '" + jobId + "' and name = '"
                        + step + "' and status = 'RUNNING'"),
                running -> running > 0);
    }
}
