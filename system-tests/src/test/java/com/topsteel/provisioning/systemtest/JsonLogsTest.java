package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code LOG_FORMAT=ecs} turns a worker's console into one JSON object per line, and every
 * line about a job carries its id, type and société code as fields, and those of its steps the
 * run's trace id and the step's span id. Proven on the real output
 * of a worker process of its own, to which this JVM's worker leaves the job.
 */
class JsonLogsTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void leaveTheWorkToAWorkerProcess() {
        db.awaitNoActiveJob(JOB_TIMEOUT);
        system.pauseWorker();
    }

    @AfterAll
    static void resumeInProcessWorker() {
        system.resumeWorker();
    }

    @Test
    void with_LOG_FORMAT_ecs_every_line_about_a_job_is_json_with_its_id_type_and_societe_code() {
        String code = ProvisionTenantTest.uniqueCode("JSONLOG");
        String output;
        String jobId;
        try (WorkerProcess worker = WorkerProcess.start(system.services, "--LOG_FORMAT=ecs")) {
            jobId = api.provision(ProvisionTenantTest.body("Journalisée", code)).body().path("jobId").asString();
            assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            output = worker.log();
        }

        List<JsonNode> jobLines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.contains(jobId)) {
                continue;
            }
            assertThat(line).as("a line about the job is a JSON object").startsWith("{");
            jobLines.add(JSON.readTree(line));
        }
        assertThat(jobLines).as("the job's lines").hasSizeGreaterThanOrEqualTo(12);
        assertThat(jobLines).allSatisfy(line -> {
            assertThat(line.path("jobId").asString()).isEqualTo(jobId);
            assertThat(line.path("jobType").asString()).isEqualTo("PROVISION_TENANT");
            assertThat(line.path("societeCode").asString()).isEqualTo(code);
            assertThat(line.path("message").asString()).isNotBlank();
        });
        assertThat(jobLines).anySatisfy(line -> assertThat(line.path("step").asString()).isEqualTo("migrate-tenant-schema"));
        String traceId = api.get("/api/jobs/" + jobId).body().path("traceId").asString();
        List<JsonNode> stepLines = jobLines.stream().filter(line -> !line.path("step").asString().isEmpty()).toList();
        assertThat(stepLines).as("the lines written inside a step").hasSizeGreaterThanOrEqualTo(12);
        assertThat(stepLines).as("each carries the run's trace and its step's span").allSatisfy(line -> {
            assertThat(line.path("traceId").asString()).isEqualTo(traceId);
            assertThat(line.path("spanId").asString()).matches("[0-9a-f]{16}");
        });
    }
}
