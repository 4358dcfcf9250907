package com.topsteel.provisioning.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Keys and configuration lines for the tests, hashed here independently of the code under test. */
final class TestKeys {

    static final String DEV_CLIENT_KEY = "topsteel-dev-client-key";
    static final String DEV_OPS_KEY = "topsteel-dev-ops-key";
    static final String OTHER_CLIENT_KEY = "test-other-client-key";
    static final String DEV_CLIENT_BCRYPT = "$2a$10$Vw24pYxcysiqps07czNbqOxw1WIx9CT5t1AZ0h26avpNpd47JEEv.";
    static final String DEV_OPS_BCRYPT = "$2a$10$tUJU4gMVLag67OZBIglTZ.thSL8ejLqixnNjDrxtbgHeh1AAR93yO";
    static final String OTHER_CLIENT_BCRYPT = "$2a$10$QUfcn3vY6drMumvm0siz2.EQMkON8mK/ZDVWzzEYLBP1qKep62d0i";

    static final String TSK_ID = "k8iedto1";
    static final String TSK_KEY = "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue";
    static final String TSK_KEY_WRONG_SECRET = "tsk_k8iedto1_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpuf";
    static final String TSK_KEY_UNKNOWN_ID = "tsk_zz99zz99_2koYYstTvsWKgz9IIl8KMqEuhKwHTB8j7JJk93aYpue";

    private TestKeys() {
    }

    static String sha256Line(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiKeySettings.ApiKey entry(String name, ApiRole role, String id, String hash) {
        return new ApiKeySettings.ApiKey(name, role, id, hash);
    }

    static ApiKeySettings settings(ApiKeySettings.ApiKey... entries) {
        return new ApiKeySettings(List.of(entries));
    }

    /** The real BCrypt, counting its checks: the seam that shows which refusals cost one. */
    static final class CountingBcrypt implements PasswordEncoder {

        private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        private final AtomicInteger checks = new AtomicInteger();

        int checks() {
            return checks.get();
        }

        @Override
        public String encode(CharSequence rawPassword) {
            throw new UnsupportedOperationException("the gateway never makes hashes");
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.incrementAndGet();
            return bcrypt.matches(rawPassword, encodedPassword);
        }
    }
}
