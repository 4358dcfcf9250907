package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A key of the gateway's own shape, tsk_<id>_<secret>, opens the API with its role; a wrong one, of any shape, gets 401. */
class TskApiKeyTest extends SystemTest {

    /** RunningSystem's api-keys[3], 'tsk-client' (CLIENT), configured by its id and its SHA-256 only. */
    static final String TSK_CLIENT_KEY = "tsk_systest1_7Lf92OW3sJ9OJoyyZkjYs6KpuX0l5GJWwPoDuBsAaFb";

    @Test
    void a_tsk_key_provisions_and_reads_as_its_client_and_may_not_do_what_ops_do() {
        Api tskClient = api.as(TSK_CLIENT_KEY);
        String code = ProvisionTenantTest.uniqueCode("TSK");

        Api.Response accepted = tskClient.provision(ProvisionTenantTest.body("Clef Tsk", code));
        assertThat(accepted.status()).isEqualTo(202);
        String societeId = accepted.body().path("societeId").asString();
        assertThat(db.auth().sql("select requested_by from societes where id = cast(:id as uuid)").param("id", societeId)
                .query(String.class).single()).as("the owner is the key's name").isEqualTo("tsk-client");
        String jobId = accepted.body().path("jobId").asString();
        assertThat(tskClient.awaitFinished(jobId, Duration.ofSeconds(120)).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(tskClient.get("/api/societes/" + societeId).status()).isEqualTo(200);

        assertThat(tskClient.get("/api/ops/jobs").status()).isEqualTo(403);
        assertThat(tskClient.delete("/api/societes/" + societeId + "/destroy-tenant").status()).isEqualTo(403);
        assertThat(api.as(Api.CLIENT_KEY).get("/api/societes/" + societeId).status()).as("another client's société").isEqualTo(404);
    }

    @Test
    void a_wrong_key_of_any_shape_is_refused_with_401_problem_json() {
        String[] wrongKeys = {
                "tsk_systest1_7Lf92OW3sJ9OJoyyZkjYs6KpuX0l5GJWwPoDuBsAaFc",   // known id, wrong secret
                "tsk_unknown1_7Lf92OW3sJ9OJoyyZkjYs6KpuX0l5GJWwPoDuBsAaFb",   // unknown id, right secret
                "tsk_systest1_short",                                         // malformed
                TSK_CLIENT_KEY + "x",
                "garbage",
                "topsteel-dev-client-key-but-not"};
        long societes = db.count("select count(*) from societes");

        for (String wrongKey : wrongKeys) {
            Api wrong = api.as(wrongKey);
            Api.Response refused = wrong.provision(ProvisionTenantTest.body("Intrus", "INTRUS"));
            assertThat(refused.status()).as(wrongKey).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(wrong.get("/api/societes").status()).as(wrongKey).isEqualTo(401);
        }
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
    }
}
