package com.topsteel.provisioning.infrastructure.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param key the key both services derive the initial-password encryption from; the production
 *            profile refuses {@link #DEVELOPMENT_KEY}
 */
@ConfigurationProperties("provisioning.secrets")
public record SecretsSettings(@DefaultValue(SecretsSettings.DEVELOPMENT_KEY) String key) {

    public static final String DEVELOPMENT_KEY = "topsteel-dev-secrets-key";

    public boolean isDevelopmentKey() {
        return DEVELOPMENT_KEY.equals(key);
    }

    @Override
    public String toString() {
        return "SecretsSettings[key=***]";
    }
}
