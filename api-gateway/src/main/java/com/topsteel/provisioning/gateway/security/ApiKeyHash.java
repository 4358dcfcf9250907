package com.topsteel.provisioning.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How a configured key is recognised. {@code sha256:<64 hex digits>} is the SHA-256 of the whole
 * key: a key of 256 random bits needs no slow hash to be safe at rest, and it is checked in
 * microseconds. A BCrypt hash (the only kind before) is slow on purpose, so {@link LegacyKeys}
 * checks those sparingly.
 */
sealed interface ApiKeyHash permits ApiKeyHash.Sha256, ApiKeyHash.Bcrypt {

    String SHA256_PREFIX = "sha256:";

    /** Whether {@code key} is the key this hash was made from, however slow that is to find out. */
    boolean isHashOf(String key, PasswordEncoder bcrypt);

    /**
     * The hash a configuration line describes.
     *
     * @throws IllegalArgumentException saying what is wrong, never repeating the line (it may be a key)
     */
    static ApiKeyHash parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("hash is missing");
        }
        if (configured.startsWith(SHA256_PREFIX)) {
            return Sha256.parse(configured.substring(SHA256_PREFIX.length()));
        }
        if (Bcrypt.FORMAT.matcher(configured).matches()) {
            return new Bcrypt(configured);
        }
        throw new IllegalArgumentException(
                "hash must be 'sha256:' and the 64 hex digits of the key's SHA-256, or a BCrypt hash ('$2a$10$…')");
    }

    /** The SHA-256 of a key's UTF-8 bytes: what a {@code sha256:} line holds, and what verified legacy keys are remembered by. */
    static byte[] sha256Of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    final class Sha256 implements ApiKeyHash {

        private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]{64}");

        private final byte[] digest;

        private Sha256(byte[] digest) {
            this.digest = digest;
        }

        static Sha256 parse(String hex) {
            if (!HEX_DIGITS.matcher(hex).matches()) {
                throw new IllegalArgumentException("a 'sha256:' hash must be followed by exactly 64 hex digits");
            }
            return new Sha256(HexFormat.of().parseHex(hex));
        }

        /** In constant time, so how long a refusal takes tells nothing of how close the key was. */
        boolean matches(byte[] presentedDigest) {
            return MessageDigest.isEqual(digest, presentedDigest);
        }

        boolean sameAs(Sha256 other) {
            return MessageDigest.isEqual(digest, other.digest);
        }

        @Override
        public boolean isHashOf(String key, PasswordEncoder bcrypt) {
            return matches(sha256Of(key));
        }

        @Override
        public String toString() {
            return "sha256:(hidden)";
        }
    }

    record Bcrypt(String hash) implements ApiKeyHash {

        // as Spring Security's BCryptPasswordEncoder reads it
        static final Pattern FORMAT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

        @Override
        public boolean isHashOf(String key, PasswordEncoder bcrypt) {
            return bcrypt.matches(key, hash);
        }

        @Override
        public String toString() {
            return "bcrypt:(hidden)";
        }
    }
}
