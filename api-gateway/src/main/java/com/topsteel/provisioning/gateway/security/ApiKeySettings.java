package com.topsteel.provisioning.gateway.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API keys the gateway accepts, each stored only as a BCrypt hash (never the key itself).
 * A key's name identifies its holder in logs and owns the sociétés and jobs it creates.
 */
@Validated
@ConfigurationProperties("provisioning.security")
public record ApiKeySettings(@Valid List<ApiKey> apiKeys) {

    public ApiKeySettings {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    public record ApiKey(
            @NotBlank String name,
            @NotNull ApiRole role,
            @NotBlank @Pattern(regexp = "\\$2[aby]?\\$\\d{2}\\$.{53}", message = "must be a BCrypt hash") String hash) {

        @Override
        public String toString() {
            return "ApiKey[" + name + ", " + role + "]";
        }
    }
}
