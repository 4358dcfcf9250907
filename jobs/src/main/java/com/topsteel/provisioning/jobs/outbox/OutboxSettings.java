package com.topsteel.provisioning.jobs.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval   pause between two looks at the outbox when it was empty or the broker failed
 * @param batchSize      messages published per look (each waits for its broker confirm)
 * @param confirmTimeout how long to wait for the broker to confirm one message
 * @param relay          whether this service publishes what the outbox holds (the gateway does)
 */
@ConfigurationProperties("provisioning.outbox")
public record OutboxSettings(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("true") boolean relay) {
}
