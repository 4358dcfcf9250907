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
        Saga provision = minimal(JobType.PROVISION_TENANT);
        Saga destroy = minimal(JobType.DESTROY_TENANT);
        Saga upgrade = minimal(JobType.UPGRADE_FLEET);
        Saga reconcile = minimal(JobType.RECONCILE_FLEET);
        Saga measure = minimal(JobType.MEASURE_FLEET);

        assertThat(new Sagas(List.of(provision, destroy, upgrade, reconcile, measure)).of(JobType.DESTROY_TENANT))
                .isSameAs(destroy);
        assertThatThrownBy(() -> new Sagas(List.of(provision, upgrade, reconcile, measure)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DESTROY_TENANT");
        assertThatThrownBy(() -> new Sagas(List.of(provision, destroy, upgrade, reconcile, measure,
                minimal(JobType.DESTROY_TENANT))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two sagas");
    }

    private static Saga minimal(JobType type) {
        return Saga.of(type).step("only", NOTHING).nothingToUndo("it changes nothing")
                .succeedsWith(job -> "ok").failsWith((job, step) -> "ko").build();
    }
}
