package com.topsteel.provisioning.worker.reconcile;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/**
 * A reconciliation: one step, inspect and repair. Nothing is undone: each repair is one guarded
 * change that stands on its own (a dropped orphan cannot come back, a DEGRADED mark is the truth),
 * and the report says which were made.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileSaga {

    @Bean
    Saga reconcileFleet(Reconciler reconciler) {
        return Saga.of(JobType.RECONCILE_FLEET)
                .step("inspect-and-repair", reconciler::reconcile)
                        .nothingToUndo("each repair is guarded by what was seen and recorded in the report")
                .succeedsWith(reconciler::summary)
                .failsWith((job, step) -> "Réconciliation interrompue à l'étape " + step)
                .build();
    }
}
