package com.topsteel.provisioning.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** The development keys of api-gateway.yml, as ./run.sh users and scripts send them. */
class DevelopmentKeysConfigurationTest {

    private final TestKeys.CountingBcrypt bcrypt = new TestKeys.CountingBcrypt();

    @Test
    void the_development_keys_open_with_their_names_and_roles_and_no_bcrypt() throws IOException {
        ApiKeys keys = new ApiKeys(developmentSettings(), bcrypt);

        assertThat(keys.authenticate(TestKeys.DEV_CLIENT_KEY)).hasValueSatisfying(key -> {
            assertThat(key.name()).isEqualTo("dev-client");
            assertThat(key.role()).isEqualTo(ApiRole.CLIENT);
        });
        assertThat(keys.authenticate(TestKeys.DEV_OPS_KEY)).hasValueSatisfying(key -> {
            assertThat(key.name()).isEqualTo("dev-ops");
            assertThat(key.role()).isEqualTo(ApiRole.OPS);
        });
        assertThat(keys.authenticate("not-a-key")).isEmpty();
        assertThat(bcrypt.checks()).isZero();
    }

    private static ApiKeySettings developmentSettings() throws IOException {
        var yaml = new YamlPropertySourceLoader().load("api-gateway.yml", new ClassPathResource("api-gateway.yml"));
        return new Binder(ConfigurationPropertySources.from(yaml)).bind("provisioning.security", ApiKeySettings.class).get();
    }
}
