package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import tools.jackson.databind.JsonNode;

/**
 * The seed's well-known passwords are for development: a production worker refuses them, and
 * gives each default user a random password instead, shown once to an operator.
 */
class ProductionPasswordsTest extends SystemTest {

    private static final String PRODUCTION = "--spring.profiles.active=production";
    @Test
    void a_production_worker_refuses_to_run_as_a_postgresql_superuser() {
        // the services of the tests run as a CREATEDB/CREATEROLE role: this worker is given the tests' superuser
        String log = WorkerProcess.startExpectingRefusal(system.services, PRODUCTION,
                "--provisioning.postgres.username=" + system.services.postgres.username(),
                "--provisioning.postgres.password=" + system.services.postgres.password());

        assertThat(log).contains("production needs a role with CREATEDB and CREATEROLE only");
    }

    @Test
    void a_production_worker_refuses_to_start_with_the_well_known_passwords() {
        String log = WorkerProcess.startExpectingRefusal(system.services, PRODUCTION,
                "--provisioning.default-users.generate=false");

        assertThat(log).contains("default users would get the seed's well-known passwords")
                .doesNotContain("Admin123!").doesNotContain("User123!");
    }

    @Test
    void a_production_worker_generates_passwords_revealed_once_to_ops_and_never_to_the_client() {
        Api client = api.as(Api.CLIENT_KEY);
        db.awaitNoActiveJob(Duration.ofSeconds(120));
        system.pauseWorker();
        try (WorkerProcess production = WorkerProcess.start(system.services, PRODUCTION)) {
            String code = ProvisionTenantTest.uniqueCode("PROD");
            String jobId = client.provision(ProvisionTenantTest.body("Production", code)).body().path("jobId").asString();

            JsonNode asClient = client.awaitFinished(jobId, Duration.ofSeconds(120));
            assertThat(asClient.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(asClient.has("initialPasswords")).as("never shown to a client").isFalse();

            JsonNode asOps = api.get("/api/jobs/" + jobId).body();
            List<JsonNode> passwords = List.copyOf(asOps.path("initialPasswords").values());
            assertThat(passwords).extracting(p -> p.path("email").asString()).containsExactlyInAnyOrder(
                    "admin@" + code.toLowerCase() + ".topsteel.local", "user@" + code.toLowerCase() + ".topsteel.local");
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
            for (JsonNode password : passwords) {
                String hash = db.auth().sql("select password_hash from users where email = :email")
                        .param("email", password.path("email").asString()).query(String.class).single();
                assertThat(password.path("password").asString()).hasSize(20);
                assertThat(bcrypt.matches(password.path("password").asString(), hash)).isTrue();
                assertThat(bcrypt.matches("Admin123!", hash)).isFalse();
                assertThat(bcrypt.matches("User123!", hash)).isFalse();
                assertThat(hash).startsWith("$2a$12$");
            }
            assertThat(api.get("/api/jobs/" + jobId).body().has("initialPasswords")).as("shown once").isFalse();
            assertThat(production.log()).doesNotContain(passwords.get(0).path("password").asString());
        } finally {
            system.resumeWorker();
        }
    }
}
