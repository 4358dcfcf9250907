package com.topsteel.provisioning.worker.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.contracts.JobType;

/** A saga cannot be declared half-way, and every job type has exactly one. */
class SagaDeclarationTest {

    private static final Saga.StepAction NOTHING = job -> { };

    @Test
    void a_step_without_undo_must_say_why() {
        assertThatThrownBy(() -> Saga.of(JobType.DESTROY_TENANT).step("drop", NOTHING).nothingToUndo(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop");
    }

    @Test
    void step_names_are_unique_within_a_saga() {
        assertThatThrownBy(() -> Saga.of(JobType.DESTROY_TENANT)
                .step("drop", NOTHING).compensateWith(NOTHING)
                .step("drop", NOTHING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop");
    }

    @Test
    void a_saga_needs_its_messages() {
        assertThatThrownBy(() -> Saga.of(JobType.DESTROY_TENANT).step("drop", NOTHING).compensateWith(NOTHING).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void every_job_type_has_exactly_one_saga() {
        List<Saga> one = java.util.Arrays.stream(JobType.values()).map(SagaDeclarationTest::minimal).toList();
        Saga destroy = one.get(JobType.DESTROY_TENANT.ordinal());
        List<Saga> withoutDestroy = one.stream().filter(saga -> saga != destroy).toList();
        List<Saga> destroyTwice = new java.util.ArrayList<>(one);
        destroyTwice.add(minimal(JobType.DESTROY_TENANT));

        assertThat(new Sagas(one).of(JobType.DESTROY_TENANT)).isSameAs(destroy);
        assertThatThrownBy(() -> new Sagas(withoutDestroy))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DESTROY_TENANT");
        assertThatThrownBy(() -> new Sagas(destroyTwice))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two sagas");
    }

    private static Saga minimal(JobType type) {
        return Saga.of(type).step("only", NOTHING).nothingToUndo("it changes nothing")
                .succeedsWith(job -> "ok").failsWith((job, step) -> "ko").build();
    }
}
