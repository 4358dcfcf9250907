package com.topsteel.provisioning.systemtest;

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
