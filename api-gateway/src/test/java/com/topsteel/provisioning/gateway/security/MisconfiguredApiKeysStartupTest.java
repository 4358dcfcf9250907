package com.topsteel.provisioning.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** What an operator sees when an entry is wrong: Boot's start-up report names it and shows no hash. */
@ExtendWith(OutputCaptureExtension.class)
class MisconfiguredApiKeysStartupTest {

    // the development client key's SHA-256 with a digit missing
    private static final String MALFORMED = "sha256:cc15d26394218c423bba871a60a9c43f0c438b5988c582fb7fc67d8ea13ff50";

    @Test
    void a_malformed_hash_stops_the_start_naming_the_entry_and_not_the_hash(CapturedOutput output) {
        assertThatThrownBy(() -> start("--provisioning.security.api-keys[0].name=acme",
                "--provisioning.security.api-keys[0].role=CLIENT", "--provisioning.security.api-keys[0].hash=" + MALFORMED));

        assertThat(output.getAll()).contains("provisioning.security.api-keys[0] ('acme'): a 'sha256:' hash must be followed by")
                .doesNotContain("cc15d26394218c423bba");
    }

    @Test
    void an_entry_failing_to_bind_shows_no_hash_either(CapturedOutput output) {
        assertThatThrownBy(() -> start("--provisioning.security.api-keys[0].name=acme",
                "--provisioning.security.api-keys[0].role=ADMIN", "--provisioning.security.api-keys[0].hash=" + MALFORMED));

        assertThat(output.getAll()).contains("provisioning.security.api-keys[0].role").doesNotContain("cc15d26394218c423bba");
    }

    private static void start(String... arguments) {
        new SpringApplicationBuilder(KeysOnly.class).web(WebApplicationType.NONE).run(arguments).close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiKeySettings.class)
    static class KeysOnly {

        @Bean
        ApiKeys apiKeys(ApiKeySettings settings) {
            return new ApiKeys(settings, new BCryptPasswordEncoder());
        }
    }
}
