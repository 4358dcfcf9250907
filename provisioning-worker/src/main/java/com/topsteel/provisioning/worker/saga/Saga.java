package com.topsteel.provisioning.worker.saga;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.topsteel.provisioning.contracts.JobType;

/**
 * A job type's promise, read top to bottom: its steps in order, each action beside its undo —
 * or beside the reason it has none — and what the job says when it succeeds or fails. The
 * {@link SagaRunner} runs it; compensations run newest first.
 *
 * <pre>
 * Saga.of(JobType.PROVISION_TENANT)
 *         .step("create-database", databases::create).compensateWith(databases::dropIfCreatedByThisJob)
 *         .step("migrate-tenant-schema", databases::migrate).nothingToUndo("it lives in the database create-database drops")
 *         .succeedsWith(job -&gt; "…")
 *         .failsWith((job, step) -&gt; "…")
 *         .build();
 * </pre>
 */
public final class Saga {

    /** What a step does to a job: its action, or its undo. Both must be idempotent. */
    @FunctionalInterface
    public interface StepAction {
        void run(JobContext job);
    }

    /**
     * Work a step can start as soon as an attempt begins, before the run reaches it (hashing
     * passwords while a database is copied); what it returns is closed when the attempt ends.
     */
    @FunctionalInterface
    public interface StepPreparation {
        AutoCloseable prepare(JobContext job);
    }

    /**
     * One step.
     *
     * @param compensation     its undo; null when it has none
     * @param whyNothingToUndo why it has none, when it has none
     * @param preparation      work started when an attempt begins, or null
     */
    public record Step(String name, StepAction action, StepAction compensation, String whyNothingToUndo,
            StepPreparation preparation) {

        /** Runs the undo; a step with nothing to undo does nothing, by its declaration. */
        void compensate(JobContext job) {
            if (compensation != null) {
                compensation.run(job);
            }
        }
    }

    private final JobType type;
    private final List<Step> steps;
    private final Function<JobContext, String> successMessage;
    private final BiFunction<JobContext, String, String> failureMessage;
    private final Function<JobContext, Optional<String>> whyNotHere;

    private Saga(JobType type, List<Step> steps, Function<JobContext, String> successMessage,
            BiFunction<JobContext, String, String> failureMessage, Function<JobContext, Optional<String>> whyNotHere) {
        this.type = type;
        this.steps = List.copyOf(steps);
        this.successMessage = successMessage;
        this.failureMessage = failureMessage;
        this.whyNotHere = whyNotHere;
    }

    public static Builder of(JobType type) {
        return new Builder(Objects.requireNonNull(type));
    }

    public JobType type() {
        return type;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * Why this worker cannot run the job (an upgrade to a version whose migrations it does not
     * have, during a rolling deploy), or empty when it can: then another worker takes it.
     */
    public Optional<String> whyNotHere(JobContext job) {
        return whyNotHere.apply(job);
    }

    String successMessage(JobContext job) {
        return successMessage.apply(job);
    }

    /** The job's message after a failure at {@code step}, once compensated. */
    String failureMessage(JobContext job, String step) {
        return failureMessage.apply(job, step);
    }

    /** Refuses a half-declared saga: every step has an undo or says why not, names are unique, both messages are given. */
    public static final class Builder {

        private final JobType type;
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private Function<JobContext, String> successMessage;
        private BiFunction<JobContext, String, String> failureMessage;
        private Function<JobContext, Optional<String>> whyNotHere = job -> Optional.empty();

        private Builder(JobType type) {
            this.type = type;
        }

        public StepBuilder step(String name, StepAction action) {
            if (name == null || name.isBlank() || !names.add(name)) {
                throw new IllegalArgumentException(type + ": step name '" + name + "' is blank or already used");
            }
            return new StepBuilder(this, name, Objects.requireNonNull(action));
        }

        public Builder succeedsWith(Function<JobContext, String> message) {
            this.successMessage = Objects.requireNonNull(message);
            return this;
        }

        /** @param message the job's message given the step that failed */
        public Builder failsWith(BiFunction<JobContext, String, String> message) {
            this.failureMessage = Objects.requireNonNull(message);
            return this;
        }

        /** @param whyNotHere why this worker cannot run a given job, or empty when it can (the default) */
        public Builder runsWhere(Function<JobContext, Optional<String>> whyNotHere) {
            this.whyNotHere = Objects.requireNonNull(whyNotHere);
            return this;
        }

        public Saga build() {
            if (steps.isEmpty() || successMessage == null || failureMessage == null) {
                throw new IllegalStateException(type + ": a saga needs steps, a success message and a failure message");
            }
            return new Saga(type, steps, successMessage, failureMessage, whyNotHere);
        }

        private Builder add(Step step) {
            steps.add(step);
            return this;
        }
    }

    /** A step being declared: it is added once its undo, or the reason it has none, is given. */
    public static final class StepBuilder {

        private final Builder saga;
        private final String name;
        private final StepAction action;
        private StepPreparation preparation;

        private StepBuilder(Builder saga, String name, StepAction action) {
            this.saga = saga;
            this.name = name;
            this.action = action;
        }

        public StepBuilder preparedBy(StepPreparation preparation) {
            this.preparation = Objects.requireNonNull(preparation);
            return this;
        }

        public Builder compensateWith(StepAction undo) {
            return saga.add(new Step(name, action, Objects.requireNonNull(undo), null, preparation));
        }

        public Builder nothingToUndo(String why) {
            if (why == null || why.isBlank()) {
                throw new IllegalArgumentException(saga.type + ": step " + name + " needs a reason to have no undo");
            }
            return saga.add(new Step(name, action, null, why, preparation));
        }
    }
}
