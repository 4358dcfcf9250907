package com.topsteel.provisioning.worker.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.JobMetrics;
import com.topsteel.provisioning.jobs.RunTraces;
import com.topsteel.provisioning.jobs.TenantRef;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/** The runner's promises, on a saga of three steps and a journal kept in memory. */
class SagaRunnerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final List<String> happened = new ArrayList<>();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final SagaRunner runner = new SagaRunner(journal, new RetryPolicy(3, Duration.ofSeconds(5), 3.0,
            Duration.ofMinutes(2), 0.0), noFaults(), new JobMetrics(new SimpleMeterRegistry()),
            new RunTraces(Tracer.NOOP, Propagator.NOOP), Clock.fixed(NOW, ZoneOffset.UTC));
    private final JobContext job = new JobContext(UUID.randomUUID(), UUID.randomUUID(), JobType.PROVISION_TENANT,
            new TenantRef(UUID.randomUUID(), "ACME", "Métallurgie ACME", "erp_topsteel_acme"), null);
    private final Map<String, RuntimeException> failures = new HashMap<>();

    private Saga threeSteps() {
        return Saga.of(JobType.PROVISION_TENANT)
                .step("first", act("first")).compensateWith(undo("first"))
                .step("second", act("second")).nothingToUndo("it lives in what first's undo removes")
                .step("third", act("third")).compensateWith(undo("third"))
                .succeedsWith(context -> "done " + context.tenant().code())
                .failsWith((context, step) -> "failed at " + step)
                .build();
    }

    @Test
    void runs_the_steps_in_declared_order_then_succeeds_with_the_declared_message() {
        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(outcome).isInstanceOf(SagaOutcome.Succeeded.class);
        assertThat(happened).containsExactly("first", "second", "third");
        assertThat(journal.status).isEqualTo("SUCCEEDED done ACME");
        assertThat(journal.steps).containsEntry("first", "SUCCEEDED").containsEntry("third", "SUCCEEDED");
    }

    @Test
    void a_permanent_failure_undoes_what_ran_newest_first_the_failing_step_included() {
        failures.put("third", new DataIntegrityViolationException("duplicate key"));

        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(outcome).isInstanceOf(SagaOutcome.Failed.class);
        assertThat(((SagaOutcome.Failed) outcome).compensationComplete()).isTrue();
        assertThat(happened).containsExactly("first", "second", "third", "undo third", "undo first");
        assertThat(journal.steps).containsEntry("third", "COMPENSATED").containsEntry("second", "COMPENSATED")
                .containsEntry("first", "COMPENSATED");
        assertThat(journal.status).startsWith("FAILED failed at third").contains("duplicate key");
    }

    @Test
    void compensation_stops_at_the_first_undo_that_fails_and_the_job_says_what_was_left() {
        failures.put("third", new DataIntegrityViolationException("duplicate key"));
        failures.put("undo third", new IllegalStateException("cannot drop"));

        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(((SagaOutcome.Failed) outcome).compensationComplete()).isFalse();
        assertThat(happened).containsExactly("first", "second", "third", "undo third");
        assertThat(journal.steps).containsEntry("third", "COMPENSATION_FAILED").containsEntry("first", "SUCCEEDED");
        assertThat(journal.status).contains("rollback incomplete: third: IllegalStateException: cannot drop");
    }

    @Test
    void a_transient_failure_with_attempts_left_asks_for_a_retry_and_undoes_nothing() {
        failures.put("second", lostConnection());

        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(outcome).isEqualTo(new SagaOutcome.RetryAt(NOW.plusSeconds(5)));
        assertThat(happened).containsExactly("first", "second");
        assertThat(journal.status).startsWith("RETRYING " + NOW.plusSeconds(5));
        assertThat(journal.steps).containsEntry("second", "FAILED");
    }

    @Test
    void the_next_attempt_skips_the_steps_that_succeeded_and_runs_the_failed_one_again() {
        failures.put("second", lostConnection());
        runner.run(threeSteps(), job);
        failures.clear();
        happened.clear();

        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(outcome).isInstanceOf(SagaOutcome.Succeeded.class);
        assertThat(happened).containsExactly("second", "third");
        assertThat(journal.attempts).containsEntry("first", 1).containsEntry("second", 2).containsEntry("third", 1);
    }

    @Test
    void a_transient_failure_on_the_last_attempt_gives_up_and_undoes() {
        failures.put("second", lostConnection());
        for (int attempt = 0; attempt < 3; attempt++) {
            runner.run(threeSteps(), job);
        }

        assertThat(journal.status).startsWith("FAILED failed at second").contains("gave up after 3 attempts");
        assertThat(happened).endsWith("undo first");
    }

    @Test
    void a_run_that_finished_or_was_replaced_does_nothing() {
        journal.runStarts = false;

        SagaOutcome outcome = runner.run(threeSteps(), job);

        assertThat(outcome).isInstanceOf(SagaOutcome.AlreadyFinished.class);
        assertThat(happened).isEmpty();
    }

    @Test
    void a_preparation_starts_with_the_attempt_only_for_a_step_still_to_run_and_is_released_when_it_ends() {
        Saga prepared = Saga.of(JobType.PROVISION_TENANT)
                .step("first", act("first")).preparedBy(prepare("first")).compensateWith(undo("first"))
                .step("second", act("second")).preparedBy(prepare("second")).nothingToUndo("nothing left behind")
                .succeedsWith(context -> "done")
                .failsWith((context, step) -> "failed")
                .build();
        journal.steps.put("first", "SUCCEEDED");

        runner.run(prepared, job);

        assertThat(happened).containsExactly("prepare second", "second", "release second");
    }

    private Saga.StepAction act(String step) {
        return context -> {
            happened.add(step);
            RuntimeException failure = failures.get(step);
            if (failure != null) {
                throw failure;
            }
        };
    }

    private Saga.StepAction undo(String step) {
        return act("undo " + step);
    }

    private Saga.StepPreparation prepare(String step) {
        return context -> {
            happened.add("prepare " + step);
            return () -> happened.add("release " + step);
        };
    }

    private static RuntimeException lostConnection() {
        return new CannotGetJdbcConnectionException("lost", new SQLException("connection refused", "08001"));
    }

    private static StepFaults noFaults() {
        return new StepFaults() {
            @Override
            public void beforeExecute(JobContext job, String step) {
            }

            @Override
            public void beforeCompensate(JobContext job, String step) {
            }
        };
    }

    /** The journal's contract, kept in maps: each step's last status and attempts, the job's last status. */
    private static final class InMemoryJournal implements SagaJournal {

        final Map<String, String> steps = new HashMap<>();
        final Map<String, Integer> attempts = new HashMap<>();
        String status = "QUEUED";
        boolean runStarts = true;

        @Override
        public boolean startAttempt(UUID jobId, UUID runId) {
            if (runStarts && !status.startsWith("SUCCEEDED") && !status.startsWith("FAILED")) {
                status = "RUNNING";
                return true;
            }
            return false;
        }

        @Override
        public boolean hasSucceeded(UUID jobId, String step) {
            return "SUCCEEDED".equals(steps.get(step));
        }

        @Override
        public int stepStarted(UUID jobId, int position, String step) {
            steps.put(step, "RUNNING");
            return attempts.merge(step, 1, Integer::sum);
        }

        @Override
        public void stepSucceeded(UUID jobId, String step) {
            steps.put(step, "SUCCEEDED");
        }

        @Override
        public void stepFailed(UUID jobId, String step, String error) {
            steps.put(step, "FAILED");
        }

        @Override
        public void compensating(UUID jobId, String step) {
            steps.put(step, "COMPENSATING");
        }

        @Override
        public void compensated(UUID jobId, String step) {
            steps.put(step, "COMPENSATED");
        }

        @Override
        public void compensationFailed(UUID jobId, String step, String error) {
            steps.put(step, "COMPENSATION_FAILED");
        }

        @Override
        public void retryingAt(UUID jobId, Instant nextAttemptAt, String error) {
            status = "RETRYING " + nextAttemptAt + " " + error;
        }

        @Override
        public void succeeded(UUID jobId, String message) {
            status = "SUCCEEDED " + message;
        }

        @Override
        public void failed(UUID jobId, String message, String error) {
            status = "FAILED " + message + " " + error;
        }
    }
}
