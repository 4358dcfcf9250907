package com.topsteel.provisioning.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a presented key against the configured BCrypt hashes. BCrypt is slow on purpose, so
 * a key verified once is remembered by its SHA-256 digest (never by itself) for this process.
 */
@Component
class ApiKeys {

    private final ApiKeySettings settings;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, ApiKeySettings.ApiKey> verified = new ConcurrentHashMap<>();

    ApiKeys(ApiKeySettings settings) {
        this.settings = settings;
    }

    Optional<ApiKeySettings.ApiKey> authenticate(String presentedKey) {
        String digest = sha256(presentedKey);
        ApiKeySettings.ApiKey known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ApiKeySettings.ApiKey> match = settings.apiKeys().stream()
                .filter(key -> bcrypt.matches(presentedKey, key.hash()))
                .findFirst();
        match.ifPresent(key -> verified.put(digest, key));
        return match;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
