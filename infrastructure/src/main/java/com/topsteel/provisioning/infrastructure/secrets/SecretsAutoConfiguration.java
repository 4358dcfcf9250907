package com.topsteel.provisioning.infrastructure.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@EnableConfigurationProperties(SecretsSettings.class)
public class SecretsAutoConfiguration {

    @Bean
    SecretBox secretBox(SecretsSettings settings) {
        return new SecretBox(settings.key());
    }

    @Bean
    InitialPasswordVault initialPasswordVault(JdbcClient jdbc, SecretBox secretBox) {
        return new InitialPasswordVault(jdbc, secretBox);
    }

    @Bean
    DatabaseRoleVault databaseRoleVault(JdbcClient jdbc, SecretBox secretBox) {
        return new DatabaseRoleVault(jdbc, secretBox);
    }

    /** Production must not encrypt with a key published in this repository. */
    @Bean
    @Profile("production")
    Object productionSecretsKeyGuard(SecretsSettings settings) {
        if (settings.isDevelopmentKey()) {
            throw new IllegalStateException("provisioning.secrets.key is the development key; set PROVISIONING_SECRETS_KEY");
        }
        return settings;
    }
}
