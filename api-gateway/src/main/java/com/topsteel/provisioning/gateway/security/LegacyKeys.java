package com.topsteel.provisioning.gateway.security;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The keys still configured by BCrypt hash. A BCrypt check costs tens of milliseconds of CPU on
 * purpose, which no caller without a key may make the gateway spend freely, so:
 * <ul>
 * <li>one check at a time: a caller waits at most {@code maxWait} for its turn, then is refused
 *     (a legitimate key is checked once in a process's life, see below);</li>
 * <li>a key refused after a check is refused again from {@link RefusedDigests}, without one;</li>
 * <li>a key verified once is remembered by its SHA-256 digest, and its entry is no longer
 *     checked: once every legacy key has been used, nothing goes to BCrypt any more.</li>
 * </ul>
 */
final class LegacyKeys {

    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    static final int REFUSED_DIGESTS_KEPT = 1024;

    private final PasswordEncoder bcrypt;
    private final Duration maxWait;
    private final List<ConfiguredKey> unverified;
    private final Map<String, ApiKeySettings.ApiKey> verified = new ConcurrentHashMap<>();
    private final RefusedDigests refused = new RefusedDigests(REFUSED_DIGESTS_KEPT);
    // fair, so a holder of a real key waits behind the callers already there, not behind every later one
    private final ReentrantLock oneCheckAtATime = new ReentrantLock(true);

    LegacyKeys(List<ConfiguredKey> entries, PasswordEncoder bcrypt, Duration maxWait) {
        this.unverified = new CopyOnWriteArrayList<>(entries);
        this.bcrypt = bcrypt;
        this.maxWait = maxWait;
    }

    Optional<ApiKeySettings.ApiKey> authenticate(String presented, byte[] presentedDigest) {
        String digest = HexFormat.of().formatHex(presentedDigest);
        ApiKeySettings.ApiKey known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        if (unverified.isEmpty() || refused.contains(digest) || !awaitTurn()) {
            return Optional.empty();
        }
        try {
            return check(presented, digest);
        } finally {
            oneCheckAtATime.unlock();
        }
    }

    private Optional<ApiKeySettings.ApiKey> check(String presented, String digest) {
        // the caller before us may have been checking the same key
        ApiKeySettings.ApiKey known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        if (refused.contains(digest)) {
            return Optional.empty();
        }
        for (ConfiguredKey entry : unverified) {
            if (entry.isHashOf(presented, bcrypt)) {
                verified.put(digest, entry.key());
                unverified.remove(entry);
                return Optional.of(entry.key());
            }
        }
        refused.add(digest);
        return Optional.empty();
    }

    private boolean awaitTurn() {
        try {
            return oneCheckAtATime.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
