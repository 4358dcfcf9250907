package com.topsteel.provisioning.infrastructure.webhooks;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@AutoConfiguration
@EnableConfigurationProperties(WebhookSettings.class)
public class WebhooksAutoConfiguration {
}
