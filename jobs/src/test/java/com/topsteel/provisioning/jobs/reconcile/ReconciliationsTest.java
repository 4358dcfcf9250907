package com.topsteel.provisioning.jobs.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A reconciliation acts only when asked to in so many words. */
class ReconciliationsTest {

    @Test
    void only_an_explicit_false_is_a_run_that_repairs() {
        assertThat(Reconciliations.isDryRun(Reconciliations.payload(false))).isFalse();
        assertThat(Reconciliations.isDryRun(Reconciliations.payload(true))).isTrue();
    }

    @Test
    void a_payload_without_a_boolean_dry_run_is_a_dry_run() {
        assertThat(Reconciliations.isDryRun(null)).isTrue();
        assertThat(Reconciliations.isDryRun("{}")).isTrue();
        assertThat(Reconciliations.isDryRun("{\"dryRun\": \"false\"}")).isTrue();
        assertThat(Reconciliations.isDryRun("{\"dryRun\": 0}")).isTrue();
    }
}
