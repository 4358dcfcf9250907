package com.topsteel.provisioning.gateway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a presented key without slow work for a stranger: a {@code tsk_} key is found by its id,
 * any other key by its SHA-256, and either is compared in constant time with the configured
 * digest. Only a key that matches neither, is not of the {@code tsk_} shape, and only while some
 * entries are still BCrypt-hashed, goes on to {@link LegacyKeys}.
 */
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<ConfiguredKey> configured;
    private final Map<String, ConfiguredKey> tskKeysById = new HashMap<>();
    private final List<ConfiguredKey> otherKeys = new ArrayList<>();
    private final LegacyKeys legacyKeys;
    private final PasswordEncoder bcrypt;

    ApiKeys(ApiKeySettings settings, PasswordEncoder bcrypt) {
        this(settings, bcrypt, LegacyKeys.MAX_WAIT);
    }

    ApiKeys(ApiKeySettings settings, PasswordEncoder bcrypt, Duration maxWaitForBcrypt) {
        this.bcrypt = bcrypt;
        this.configured = checked(settings.apiKeys());
        List<ConfiguredKey> legacy = new ArrayList<>();
        for (ConfiguredKey entry : configured) {
            if (entry.id().isPresent()) {
                tskKeysById.put(entry.id().get(), entry);
            } else if (entry.isLegacy()) {
                legacy.add(entry);
                log.warn("API key '{}' is configured by a BCrypt hash: until it is first used, every unknown key costs a "
                        + "BCrypt check. Give its holder a tsk_ key and remove this entry (README, Authentication).",
                        entry.key().name());
            } else {
                otherKeys.add(entry);
            }
        }
        this.legacyKeys = new LegacyKeys(legacy, bcrypt, maxWaitForBcrypt);
    }

    /** The entry the key opens, or empty for an unknown, malformed or empty key. */
    Optional<ApiKeySettings.ApiKey> authenticate(String presented) {
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        if (TskKey.claims(presented)) {
            return TskKey.parse(presented)
                    .map(key -> tskKeysById.get(key.id()))
                    .filter(entry -> entry.matchesDigest(ApiKeyHash.sha256Of(presented)))
                    .map(ConfiguredKey::key);
        }
        byte[] digest = ApiKeyHash.sha256Of(presented);
        return otherKeys.stream()
                .filter(entry -> entry.matchesDigest(digest))
                .findFirst()
                .map(ConfiguredKey::key)
                .or(() -> legacyKeys.authenticate(presented, digest));
    }

    /**
     * Every entry that holds this key, found by trying each hash, BCrypt ones included: slow, for
     * checks at start (the published development keys), never for a request.
     */
    List<ApiKeySettings.ApiKey> holdersOf(String key) {
        return configured.stream().filter(entry -> entry.isHashOf(key, bcrypt)).map(ConfiguredKey::key).toList();
    }

    private static List<ConfiguredKey> checked(List<ApiKeySettings.ApiKey> keys) {
        List<ConfiguredKey> checked = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
            ConfiguredKey entry = ConfiguredKey.of(index, keys.get(index));
            for (ConfiguredKey earlier : checked) {
                if (entry.id().isPresent() && entry.id().equals(earlier.id())) {
                    throw new IllegalStateException(entry.describe() + ": its id is already the id of " + earlier.describe());
                }
                if (entry.holdsSameKeyAs(earlier)) {
                    throw new IllegalStateException(entry.describe() + ": holds the same key as " + earlier.describe());
                }
            }
            checked.add(entry);
        }
        return List.copyOf(checked);
    }
}
