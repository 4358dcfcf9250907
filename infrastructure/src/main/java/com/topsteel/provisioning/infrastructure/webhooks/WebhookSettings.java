package com.topsteel.provisioning.infrastructure.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retrySchedule  wait before each attempt of a delivery, the first included: its length
 *                       is the number of attempts
 * @param timeout        longest wait for a receiver's answer, connection included
 * @param allowedHosts   hosts allowed although they resolve to internal addresses (the tests' receiver)
 * @param rotationGrace  how long the previous secret keeps signing beside a rotated one
 */
@ConfigurationProperties("provisioning.webhooks")
public record WebhookSettings(
        @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("") Set<String> allowedHosts,
        @DefaultValue("24h") Duration rotationGrace) {

    public WebhookSettings {
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("retrySchedule needs at least one entry");
        }
        allowedHosts = allowedHosts.stream().filter(host -> !host.isBlank()).collect(Collectors.toSet());
    }

    public WebhookUrlPolicy urlPolicy() {
        return new WebhookUrlPolicy(allowedHosts);
    }
}
