package com.topsteel.provisioning.gateway.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API keys the gateway accepts, each stored only as a hash (never the key itself).
 * A key's name identifies its holder in logs and owns the sociétés and jobs it creates; two
 * entries may share a name while the holder's key is rotated.
 */
@Validated
@ConfigurationProperties("provisioning.security")
public record ApiKeySettings(@Valid List<ApiKey> apiKeys) {

    public ApiKeySettings {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * One accepted key. The id and the hash are checked by {@link ConfiguredKey}, not by bean
     * validation here: Boot's binding failure report would print the refused value.
     *
     * @param id   the {@code <id>} of a {@code tsk_<id>_<secret>} key; absent for a key of another shape
     * @param hash {@code sha256:} and the 64 hex digits of the whole key's SHA-256, or (legacy,
     *             from before sha256) the key's BCrypt hash
     */
    public record ApiKey(@NotBlank String name, @NotNull ApiRole role, String id, String hash) {

        @Override
        public String toString() {
            return "ApiKey[" + name + ", " + role + (id == null ? "" : ", id " + id) + "]";
        }
    }
}
