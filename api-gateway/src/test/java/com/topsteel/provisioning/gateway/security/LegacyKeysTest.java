package com.topsteel.provisioning.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** BCrypt checks for anonymous callers are bounded: one at a time, each wrong key once. */
class LegacyKeysTest {

    private static final String LEGACY_KEY = "the-legacy-key";
    // well formed; which key it opens is the stand-in encoder's business
    private static final ConfiguredKey LEGACY = ConfiguredKey.of(0, TestKeys.entry("legacy", ApiRole.CLIENT, null, TestKeys.DEV_CLIENT_BCRYPT));

    private final HeldBcrypt bcrypt = new HeldBcrypt();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCallers() {
        bcrypt.release();
        callers.shutdownNow();
    }

    @Test
    void while_one_bcrypt_check_runs_no_other_starts_and_a_caller_out_of_time_is_refused() throws Exception {
        LegacyKeys keys = new LegacyKeys(List.of(LEGACY), bcrypt, Duration.ZERO);
        CompletableFuture<Optional<ApiKeySettings.ApiKey>> first = authenticateAsync(keys, "wrong-key-1");
        bcrypt.awaitFirstCheck();

        assertThat(authenticate(keys, "wrong-key-2")).isEmpty();
        assertThat(bcrypt.checks()).isEqualTo(1);

        bcrypt.release();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(bcrypt.mostAtOnce()).isEqualTo(1);
    }

    @Test
    void a_caller_refused_for_want_of_a_turn_is_checked_when_it_asks_again() throws Exception {
        LegacyKeys keys = new LegacyKeys(List.of(LEGACY), bcrypt, Duration.ZERO);
        CompletableFuture<Optional<ApiKeySettings.ApiKey>> first = authenticateAsync(keys, "wrong-key-1");
        bcrypt.awaitFirstCheck();
        assertThat(authenticate(keys, LEGACY_KEY)).isEmpty();
        bcrypt.release();
        first.get(10, TimeUnit.SECONDS);

        assertThat(authenticate(keys, LEGACY_KEY)).contains(LEGACY.key());
        assertThat(bcrypt.checks()).isEqualTo(2);
    }

    @Test
    void callers_presenting_the_same_key_together_share_one_check() throws Exception {
        LegacyKeys keys = new LegacyKeys(List.of(LEGACY), bcrypt, Duration.ofMinutes(1));
        CompletableFuture<Optional<ApiKeySettings.ApiKey>> first = authenticateAsync(keys, LEGACY_KEY);
        bcrypt.awaitFirstCheck();
        CompletableFuture<Optional<ApiKeySettings.ApiKey>> second = authenticateAsync(keys, LEGACY_KEY);

        bcrypt.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).contains(LEGACY.key());
        assertThat(second.get(10, TimeUnit.SECONDS)).contains(LEGACY.key());
        assertThat(bcrypt.checks()).isEqualTo(1);
    }

    @Test
    void many_callers_with_different_wrong_keys_are_checked_one_after_the_other() throws Exception {
        LegacyKeys keys = new LegacyKeys(List.of(LEGACY), bcrypt, Duration.ofMinutes(1));
        bcrypt.release();

        List<CompletableFuture<Optional<ApiKeySettings.ApiKey>>> refusals = IntStream.range(0, 8)
                .mapToObj(n -> authenticateAsync(keys, "wrong-key-" + n)).toList();

        for (var refusal : refusals) {
            assertThat(refusal.get(10, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(bcrypt.checks()).isEqualTo(8);
        assertThat(bcrypt.mostAtOnce()).isEqualTo(1);
    }

    private static Optional<ApiKeySettings.ApiKey> authenticate(LegacyKeys keys, String presented) {
        return keys.authenticate(presented, ApiKeyHash.sha256Of(presented));
    }

    private CompletableFuture<Optional<ApiKeySettings.ApiKey>> authenticateAsync(LegacyKeys keys, String presented) {
        return CompletableFuture.supplyAsync(() -> authenticate(keys, presented), callers);
    }

    /** A stand-in for BCrypt that holds every check until released, and counts how many ran at once. */
    private static final class HeldBcrypt implements PasswordEncoder {

        private final CountDownLatch firstCheck = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger checks = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public String encode(CharSequence rawPassword) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            firstCheck.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return LEGACY_KEY.contentEquals(rawPassword);
        }

        void awaitFirstCheck() throws InterruptedException {
            assertThat(firstCheck.await(10, TimeUnit.SECONDS)).as("a check started").isTrue();
        }

        void release() {
            released.countDown();
        }

        int checks() {
            return checks.get();
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }
    }
}
