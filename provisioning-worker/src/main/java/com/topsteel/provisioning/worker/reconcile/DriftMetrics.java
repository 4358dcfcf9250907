package com.topsteel.provisioning.worker.reconcile;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.jobs.reconcile.DriftFinding;
import com.topsteel.provisioning.jobs.reconcile.DriftKind;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code provisioning_drift_findings{kind}}: what this worker's last reconciliation found, by kind,
 * before any repair (a dry run counts too). Every kind is there from the start, at 0.
 */
@Component
class DriftMetrics {

    private final Map<DriftKind, AtomicLong> findings = new EnumMap<>(DriftKind.class);

    DriftMetrics(MeterRegistry meters) {
        for (DriftKind kind : DriftKind.values()) {
            AtomicLong count = new AtomicLong();
            findings.put(kind, count);
            Gauge.builder("provisioning.drift.findings", count, AtomicLong::get)
                    .description("Findings of the last reconciliation, by kind of drift")
                    .tag("kind", kind.name())
                    .register(meters);
        }
    }

    void record(List<DriftFinding> report) {
        findings.forEach((kind, count) -> count.set(report.stream().filter(finding -> finding.kind() == kind).count()));
    }
}
