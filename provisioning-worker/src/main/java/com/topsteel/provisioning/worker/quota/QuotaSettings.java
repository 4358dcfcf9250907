package com.topsteel.provisioning.worker.quota;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code provisioning.quotas}: a MEASURE_FLEET job every {@code measureInterval} (JobRunr recurring
 * job, at least 5 s) unless {@code periodic} is false.
 */
@ConfigurationProperties("provisioning.quotas")
record QuotaSettings(@DefaultValue("true") boolean periodic, @DefaultValue("5m") Duration measureInterval) {

    QuotaSettings {
        if (measureInterval.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("provisioning.quotas.measure-interval must be at least 5s, not " + measureInterval);
        }
    }
}
