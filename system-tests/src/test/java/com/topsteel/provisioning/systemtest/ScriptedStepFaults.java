package com.topsteel.provisioning.systemtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.StepFaults;

/**
 * The tests' fault injector, registered in the worker only by the tests. Faults are keyed by
 * société code, so tests running side by side cannot trip over each other's faults. They look
 * like the real thing: a refused connection (transient), a constraint violation (permanent).
 */
public class ScriptedStepFaults implements StepFaults {

    private record Key(String societeCode, String step) {
    }

    private final Map<Key, AtomicInteger> transientFailuresLeft = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> permanentFailuresLeft = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> compensationFailures = new ConcurrentHashMap<>();
    private final Map<Key, Duration> pauses = new ConcurrentHashMap<>();

    public void failTransiently(String societeCode, String step, int times) {
        transientFailuresLeft.put(new Key(societeCode, step), new AtomicInteger(times));
    }

    public void failPermanently(String societeCode, String step) {
        failPermanently(societeCode, step, Integer.MAX_VALUE);
    }

    public void failPermanently(String societeCode, String step, int times) {
        permanentFailuresLeft.put(new Key(societeCode, step), new AtomicInteger(times));
    }

    public void failCompensation(String societeCode, String step) {
        compensationFailures.put(new Key(societeCode, step), true);
    }

    /** The "code" under which faults of fleet-wide jobs (upgrade campaigns) are scripted. */
    static final String FLEET = "FLEET";

    public void pause(String societeCode, String step, Duration duration) {
        pauses.put(new Key(societeCode, step), duration);
    }

    private volatile Path poolClaimHold;
    private volatile Path poolRefillHold;

    /** While this file exists, a job that claimed a pool database waits before renaming it. */
    public void holdPoolClaimsWhile(Path file) {
        poolClaimHold = file;
    }

    /** While this file exists, a refill waits between a pool database's copy and its seed rows. */
    public void holdPoolRefillsWhile(Path file) {
        poolRefillHold = file;
    }

    @Override
    public void afterPoolClaim(String tenantDatabase) {
        holdWhileExists(poolClaimHold);
    }

    @Override
    public void beforePoolMemberReady(String poolDatabase) {
        holdWhileExists(poolRefillHold);
    }

    private static void holdWhileExists(Path file) {
        long giveUpAt = System.nanoTime() + HOLD_AT_MOST.toNanos();
        while (file != null && Files.exists(file) && System.nanoTime() < giveUpAt) {
            sleep(Duration.ofMillis(50));
        }
    }

    /** A test that forgets its file must not hang a worker for ever. */
    private static final Duration HOLD_AT_MOST = Duration.ofMinutes(2);

    @Override
    public void beforeExecute(JobContext job, String step) {
        Key key = new Key(target(job), step);
        Duration pause = pauses.get(key);
        if (pause != null) {
            sleep(pause);
        }
        AtomicInteger left = transientFailuresLeft.get(key);
        if (left != null && left.getAndDecrement() > 0) {
            throw new CannotGetJdbcConnectionException("injected fault",
                    new SQLException("injected fault: connection refused", "08001"));
        }
        AtomicInteger permanentLeft = permanentFailuresLeft.get(key);
        if (permanentLeft != null && permanentLeft.getAndDecrement() > 0) {
            throw new DataIntegrityViolationException("injected permanent fault in " + step);
        }
    }

    @Override
    public void beforeCompensate(JobContext job, String step) {
        if (compensationFailures.containsKey(new Key(target(job), step))) {
            throw new DataIntegrityViolationException("injected compensation fault in " + step);
        }
    }

    /** What a fault is scripted for: the société's code, or {@link #FLEET} for a job on the whole fleet. */
    private static String target(JobContext job) {
        return job.tenant() == null ? FLEET : job.tenant().code();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
