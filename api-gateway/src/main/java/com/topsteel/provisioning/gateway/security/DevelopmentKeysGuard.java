package com.topsteel.provisioning.gateway.security;

import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * In production the published development keys must not open the API: the gateway refuses to
 * start while one of them is configured, however it is hashed, or while no OPS key is.
 */
@Component
@Profile("production")
class DevelopmentKeysGuard {

    static final List<String> DEVELOPMENT_KEYS = List.of("topsteel-dev-client-key", "topsteel-dev-ops-key");

    DevelopmentKeysGuard(ApiKeySettings settings, ApiKeys keys) {
        for (String development : DEVELOPMENT_KEYS) {
            List<ApiKeySettings.ApiKey> holders = keys.holdersOf(development);
            if (!holders.isEmpty()) {
                throw new IllegalStateException("API key '" + holders.get(0).name()
                        + "' is a published development key; configure your own keys (provisioning.security.api-keys)");
            }
        }
        if (settings.apiKeys().stream().noneMatch(key -> key.role() == ApiRole.OPS)) {
            throw new IllegalStateException("no OPS API key configured (provisioning.security.api-keys)");
        }
    }
}
