package com.topsteel.provisioning.gateway.reconcile;

import java.net.URI;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.jobs.reconcile.Reconciliations;

/**
 * The reconciler (docs/reconciler.md), asked for by an operator: the gateway records a
 * RECONCILE_FLEET job, the worker inspects and repairs, and its report is read here. OPS role only,
 * as every {@code /api/ops} route.
 */
@RestController
@RequestMapping("/api/ops/reconcile")
class ReconcileController {

    private static final Logger log = LoggerFactory.getLogger(ReconcileController.class);

    private final Reconciliations reconciliations;

    ReconcileController(Reconciliations reconciliations) {
        this.reconciliations = reconciliations;
    }

    /**
     * 202 and the report's {@code Location}; with {@code dryRun=true} (the default: acting is
     * asked for explicitly) the findings are listed and nothing is changed.
     */
    @PostMapping
    @Transactional
    ResponseEntity<ReconciliationView> reconcile(@RequestParam(defaultValue = "true") boolean dryRun) {
        var reconciliation = reconciliations.request(dryRun, CurrentCaller.name());
        log.info("Reconciliation {} ({}) asked for by {}", reconciliation.jobId(), dryRun ? "dry run" : "repairs",
                CurrentCaller.name());
        return ResponseEntity.accepted()
                .location(URI.create("/api/ops/reconcile/" + reconciliation.jobId()))
                .body(ReconciliationView.of(reconciliation));
    }

    /** The newest reconciliation, finished or not. */
    @GetMapping("/last")
    ReconciliationView last() {
        return reconciliations.last().map(ReconciliationView::of)
                .orElseThrow(() -> new NotFoundException("Aucune réconciliation n'a encore été demandée"));
    }

    @GetMapping("/{jobId}")
    ReconciliationView reconciliation(@PathVariable UUID jobId) {
        return reconciliations.find(jobId).map(ReconciliationView::of)
                .orElseThrow(() -> new NotFoundException("Réconciliation " + jobId + " inconnue"));
    }
}
