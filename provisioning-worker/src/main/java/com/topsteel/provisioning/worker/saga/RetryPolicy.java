package com.topsteel.provisioning.worker.saga;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often and how soon a step that failed transiently is tried again: exponential backoff
 * with jitter, capped. The defaults fit provisioning (a few minutes in all, not days).
 *
 * @param maxAttempts  attempts of one step, the first included, before the job is rolled back
 * @param initialDelay wait before the second attempt
 * @param multiplier   growth of the wait from one attempt to the next
 * @param maxDelay     longest wait between two attempts
 * @param jitter       the wait is drawn in ±jitter of its nominal value, so jobs that failed
 *                     together (a database restart) do not retry together
 */
@ConfigurationProperties("provisioning.retry")
public record RetryPolicy(
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("5s") Duration initialDelay,
        @DefaultValue("3.0") double multiplier,
        @DefaultValue("2m") Duration maxDelay,
        @DefaultValue("0.2") double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay");
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    /** Whether a step whose attempt number {@code failedAttempt} failed may be tried again. */
    public boolean allowsAttemptAfter(int failedAttempt) {
        return failedAttempt < maxAttempts;
    }

    /**
     * The wait before the attempt that follows {@code failedAttempt} (1-based).
     *
     * @param random a source of numbers in [0, 1)
     */
    public Duration delayAfter(int failedAttempt, DoubleSupplier random) {
        double nominal = initialDelay.toMillis() * Math.pow(multiplier, failedAttempt - 1);
        double capped = Math.min(nominal, maxDelay.toMillis());
        double jittered = capped * (1.0 - jitter + 2.0 * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.round(Math.min(jittered, maxDelay.toMillis())));
    }
}
