package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** No one let in without a key; clients provision and read their own; only ops destroy and retry. */
class SecurityTest extends SystemTest {

    static final String DASHBOARD_PASSWORD = "test-dashboard-password";

    private static Api ops;
    private static Api client;
    private static Api otherClient;
    private static Api anonymous;

    @BeforeAll
    static void holdEveryKindOfKey() {
        ops = api;
        client = ops.as(Api.CLIENT_KEY);
        otherClient = ops.as(Api.OTHER_CLIENT_KEY);
        anonymous = ops.as(null);
    }

    @Test
    void a_request_without_a_valid_key_is_refused_with_401_problem_json() {
        long societes = db.count("select count(*) from societes");
        for (Api api : new Api[] {anonymous, ops.as("not-a-key"), ops.as("")}) {
            Api.Response refused = api.provision(ProvisionTenantTest.body("Intrus", "INTRUS"));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(api.get("/api/societes").status()).isEqualTo(401);
        }
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
    }

    @Test
    void a_client_provisions_and_reads_its_own_but_may_not_destroy_or_retry() {
        String code = ProvisionTenantTest.uniqueCode("CLIENT");
        Api.Response accepted = client.provision(ProvisionTenantTest.body("Cliente", code));
        assertThat(accepted.status()).isEqualTo(202);
        String jobId = accepted.body().path("jobId").asString();
        String societeId = accepted.body().path("societeId").asString();
        JsonNode job = client.awaitFinished(jobId, Duration.ofSeconds(120));
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(client.get("/api/societes/" + societeId).status()).isEqualTo(200);
        assertThat(client.get("/api/societes?code=" + code).body().path("totalElements").asLong()).isEqualTo(1);

        Api.Response destroy = client.delete("/api/societes/" + societeId + "/destroy-tenant");
        assertThat(destroy.status()).isEqualTo(403);
        assertThat(destroy.contentType()).startsWith("application/problem+json");
        assertThat(client.post("/api/jobs/" + jobId + "/retry", "").status()).isEqualTo(403);
        assertThat(client.put("/api/societes/" + societeId + "/suspend").status()).isEqualTo(403);

        assertThat(otherClient.get("/api/jobs/" + jobId).status()).as("another client's job").isEqualTo(404);
        assertThat(otherClient.get("/api/societes/" + societeId).status()).as("another client's société").isEqualTo(404);
        assertThat(otherClient.get("/api/societes?code=" + code).body().path("totalElements").asLong()).isZero();
        assertThat(otherClient.get("/api/jobs?societeCode=" + code).body().path("totalElements").asLong()).isZero();

        assertThat(ops.get("/api/jobs/" + jobId).status()).as("ops sees every job").isEqualTo(200);
        assertThat(ops.delete("/api/societes/" + societeId + "/destroy-tenant").status()).isEqualTo(202);
    }

    @Test
    void the_jobrunr_dashboard_asks_for_its_credentials() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WorkerProcess worker = WorkerProcess.start(system.services, "--jobrunr.dashboard.enabled=true",
                "--jobrunr.dashboard.port=" + port, "--jobrunr.dashboard.password=" + DASHBOARD_PASSWORD)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI dashboard = java.net.URI.create("http://127.0.0.1:" + port + "/api/jobs?state=SUCCEEDED");
            int anonymousStatus = http.send(java.net.http.HttpRequest.newBuilder(dashboard).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            String credentials = java.util.Base64.getEncoder().encodeToString(("ops:" + DASHBOARD_PASSWORD).getBytes());
            int operatorStatus = http.send(java.net.http.HttpRequest.newBuilder(dashboard)
                    .header("Authorization", "Basic " + credentials).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();

            assertThat(anonymousStatus).isEqualTo(401);
            assertThat(operatorStatus).isEqualTo(200);
        }
    }

    @Test
    void health_stays_open_and_the_other_actuator_endpoints_do_not() {
        Api management = new Api(system.gatewayManagementUrl());
        assertThat(management.as(null).get("/actuator/health").status()).isEqualTo(200);
        assertThat(management.as(null).get("/actuator/env").status()).isEqualTo(401);
        assertThat(management.as(Api.CLIENT_KEY).get("/actuator/env").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/jobs/" + UUID.randomUUID()).status()).isEqualTo(401);
    }
}
