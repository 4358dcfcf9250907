package com.topsteel.provisioning.gateway.security;

import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One entry of {@code provisioning.security.api-keys}, checked at start: a hash that parses, and an
 * id only for a {@code sha256:} hash (a {@code tsk_} key never goes to BCrypt). A wrong entry
 * stops the gateway with a message naming it, never showing its hash.
 */
record ConfiguredKey(int index, ApiKeySettings.ApiKey key, Optional<String> id, ApiKeyHash hash) {

    static ConfiguredKey of(int index, ApiKeySettings.ApiKey key) {
        String entry = describe(index, key);
        ApiKeyHash hash;
        try {
            hash = ApiKeyHash.parse(key.hash());
        } catch (IllegalArgumentException malformed) {
            throw new IllegalStateException(entry + ": " + malformed.getMessage());
        }
        // an empty environment variable is an unset one
        Optional<String> id = Optional.ofNullable(key.id()).filter(text -> !text.isBlank());
        if (id.isPresent() && !TskKey.isId(id.get())) {
            throw new IllegalStateException(entry + ": id must be 4 to 16 lower-case letters or digits, the <id> of tsk_<id>_<secret>");
        }
        if (id.isPresent() && !(hash instanceof ApiKeyHash.Sha256)) {
            throw new IllegalStateException(entry + ": a key with an id (a tsk_ key) needs a 'sha256:' hash");
        }
        return new ConfiguredKey(index, key, id, hash);
    }

    /** Whether the presented key's SHA-256 is this entry's, in constant time; never for a BCrypt entry. */
    boolean matchesDigest(byte[] presentedDigest) {
        return hash instanceof ApiKeyHash.Sha256 sha256 && sha256.matches(presentedDigest);
    }

    boolean isLegacy() {
        return hash instanceof ApiKeyHash.Bcrypt;
    }

    boolean isHashOf(String presented, PasswordEncoder bcrypt) {
        return hash.isHashOf(presented, bcrypt);
    }

    /** Whether both entries hold the same key, as far as their hashes tell (two BCrypt hashes never do). */
    boolean holdsSameKeyAs(ConfiguredKey other) {
        return hash instanceof ApiKeyHash.Sha256 mine && other.hash instanceof ApiKeyHash.Sha256 theirs && mine.sameAs(theirs);
    }

    String describe() {
        return describe(index, key);
    }

    private static String describe(int index, ApiKeySettings.ApiKey key) {
        return "provisioning.security.api-keys[" + index + "] ('" + key.name() + "')";
    }
}
