package com.topsteel.provisioning.gateway.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param retention how long a key and its first response are kept; a repeat after that is a new request */
@ConfigurationProperties("provisioning.idempotency")
record IdempotencySettings(@DefaultValue("24h") Duration retention) {
}
