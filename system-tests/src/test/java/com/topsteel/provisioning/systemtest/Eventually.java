package com.topsteel.provisioning.systemtest;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until something holds, as a client would; the one wait loop of the tests. */
final class Eventually {

    private static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    /**
     * Reads {@code value} until {@code done} accepts it and returns that value; fails with
     * {@code what} and the last value read when {@code timeout} passes first.
     */
    static <T> T await(String what, Duration timeout, Supplier<T> value, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " not reached after " + timeout + "; last seen: " + current);
            }
            sleep(POLL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
