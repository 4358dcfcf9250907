package com.topsteel.provisioning.worker.tenantdb;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm pool (docs/warm-pool.md).
 *
 * @param size           ready databases this worker keeps per server for its template version; 0 turns
 *                       the pool off for this worker (no claim, no refill; leftovers are still cleaned)
 * @param refillInterval how often the pool is cleaned and topped up, besides right after each claim
 */
@ConfigurationProperties("provisioning.tenant-pool")
public record TenantPoolSettings(
        @DefaultValue("4") int size,
        @DefaultValue("5s") Duration refillInterval) {

    public TenantPoolSettings {
        if (size < 0) {
            throw new IllegalArgumentException("provisioning.tenant-pool.size must be 0 (off) or more");
        }
        if (refillInterval == null || refillInterval.isNegative() || refillInterval.isZero()) {
            throw new IllegalArgumentException("provisioning.tenant-pool.refill-interval must be positive");
        }
    }

    public boolean enabled() {
        return size > 0;
    }
}
