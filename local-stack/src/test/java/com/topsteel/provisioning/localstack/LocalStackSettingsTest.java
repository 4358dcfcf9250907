package com.topsteel.provisioning.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalStackSettingsTest {

    @Test
    void with_nothing_set_both_servers_are_embedded_on_their_default_ports() {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of());

        assertThat(settings.embedPostgres()).isTrue();
        assertThat(settings.embedBroker()).isTrue();
        assertThat(settings.postgresPort()).isEqualTo(55432);
        assertThat(settings.brokerPort()).isEqualTo(55672);
    }

    @Test
    void only_what_run_sh_names_is_embedded() {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of("LOCAL_STACK_EMBED", "rabbitmq"));

        assertThat(settings.embedPostgres()).isFalse();
        assertThat(settings.embedBroker()).isTrue();
    }

    @Test
    void port_zero_means_any_free_port() {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of(
                "LOCAL_STACK_POSTGRES_PORT", "0", "LOCAL_STACK_RABBITMQ_PORT", " 15673 "));

        assertThat(settings.postgresPort()).isZero();
        assertThat(settings.brokerPort()).isEqualTo(15673);
    }

    @Test
    void an_unknown_server_or_a_port_that_is_no_port_is_refused_by_name() {
        assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of("LOCAL_STACK_EMBED", "postgres,redis")))
                .hasMessageContaining("LOCAL_STACK_EMBED").hasMessageContaining("redis");
        assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of("LOCAL_STACK_POSTGRES_PORT", "70000")))
                .hasMessageContaining("LOCAL_STACK_POSTGRES_PORT").hasMessageContaining("70000");
        assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of("LOCAL_STACK_RABBITMQ_PORT", "amqp")))
                .hasMessageContaining("LOCAL_STACK_RABBITMQ_PORT");
    }
}
