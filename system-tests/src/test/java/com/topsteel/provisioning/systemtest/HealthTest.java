package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Liveness and readiness of both services, as a load balancer or Kubernetes asks for them
 * (no key): ready means PostgreSQL and RabbitMQ answer; a gateway that loses its broker is
 * taken out of rotation (503) but stays alive, and is ready again once the broker is back.
 */
class HealthTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void both_services_are_live_and_ready_with_their_database_and_broker() {
        for (Api service : new Api[] { anonymous(system.gatewayManagementUrl()), anonymous(system.workerBaseUrl()) }) {
            Api.Response liveness = service.get("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.body().path("status").asString()).isEqualTo("UP");

            Api.Response readiness = service.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
            assertThat(readiness.body().path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(readiness.body().path("components").path("rabbit").path("status").asString()).isEqualTo("UP");
            assertThat(readiness.body().path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
        }
    }

    @Test
    void the_gateway_shows_component_details_to_an_operator_only() {
        JsonNode anonymous = anonymous(system.gatewayManagementUrl()).get("/actuator/health/readiness").body();
        JsonNode operator = new Api(system.gatewayManagementUrl()).get("/actuator/health/readiness").body();

        assertThat(anonymous.path("components").path("db").has("details")).isFalse();
        assertThat(operator.path("components").path("db").path("details").path("database").asString()).isEqualTo("PostgreSQL");
        assertThat(operator.path("components").path("rabbit").path("details").path("version").asString()).isNotBlank();
        assertThat(operator.toString()).doesNotContain("guest").doesNotContain("password");
    }

    @Test
    void the_gateway_is_not_ready_while_the_broker_is_unreachable_and_ready_again_when_it_is_back() {
        Api gateway = anonymous(system.gatewayManagementUrl());
        system.gatewayToBroker.cut();
        try {
            Api.Response notReady = Eventually.await("gateway readiness DOWN", TIMEOUT,
                    () -> gateway.get("/actuator/health/readiness"), response -> response.status() == 503);
            assertThat(notReady.body().path("status").asString()).isEqualTo("DOWN");
            assertThat(notReady.body().path("components").path("rabbit").path("status").asString()).isEqualTo("DOWN");
            assertThat(notReady.body().path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(gateway.get("/actuator/health").status()).isEqualTo(503);
            // alive: nothing a restart would fix
            assertThat(gateway.get("/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            system.gatewayToBroker.restore();
        }

        Api.Response ready = Eventually.await("gateway readiness UP again", TIMEOUT,
                () -> gateway.get("/actuator/health/readiness"), response -> response.status() == 200);
        assertThat(ready.body().path("status").asString()).isEqualTo("UP");
    }

    private static Api anonymous(String baseUrl) {
        return new Api(baseUrl).as(null);
    }
}
