package com.topsteel.provisioning.worker.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param periodic          reconcile on a schedule (a JobRunr recurring job), besides on demand
 * @param interval          how often the scheduled reconciliation runs
 * @param applyPeriodically whether the scheduled reconciliation repairs (true) or only reports, as a dry run
 * @param stuckAfter        how long a société may stay PROVISIONING or DELETING with no job before it is stuck
 * @param abandonedAfter    how long a RUNNING job may go unchanged with no attempt holding its lease before it is taken over
 * @param orphanGrace       how long after its job finished a tagged database no société names is kept
 */
@ConfigurationProperties("provisioning.reconcile")
public record ReconcileSettings(
        @DefaultValue("true") boolean periodic,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("true") boolean applyPeriodically,
        @DefaultValue("15m") Duration stuckAfter,
        @DefaultValue("1m") Duration abandonedAfter,
        @DefaultValue("1h") Duration orphanGrace) {

    public ReconcileSettings {
        if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("provisioning.reconcile.interval must be at least 5s, was " + interval);
        }
        for (Duration threshold : new Duration[] {stuckAfter, abandonedAfter, orphanGrace}) {
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("provisioning.reconcile thresholds cannot be negative, was " + threshold);
            }
        }
    }
}
