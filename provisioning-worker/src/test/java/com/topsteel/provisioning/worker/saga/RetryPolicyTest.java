package com.topsteel.provisioning.worker.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(5), 3.0, Duration.ofMinutes(2), 0.2);

    @Test
    void waits_grow_exponentially_from_the_initial_delay() {
        assertThat(policy.delayAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delayAfter(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.delayAfter(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void waits_never_exceed_the_maximum_whatever_the_jitter() {
        assertThat(policy.delayAfter(4, () -> 0.5)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.delayAfter(10, () -> 0.999)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void jitter_spreads_a_wait_within_its_bounds() {
        assertThat(policy.delayAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(1, () -> 0.999)).isBetween(Duration.ofMillis(5990), Duration.ofSeconds(6));
    }

    @Test
    void a_step_is_tried_at_most_max_attempts_times() {
        assertThat(policy.allowsAttemptAfter(4)).isTrue();
        assertThat(policy.allowsAttemptAfter(5)).isFalse();
    }

    @Test
    void refuses_a_half_configured_policy() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.0))
                .hasMessageContaining("jitter");
    }
}
