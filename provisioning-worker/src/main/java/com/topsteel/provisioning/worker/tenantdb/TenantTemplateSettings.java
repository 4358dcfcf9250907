package com.topsteel.provisioning.worker.tenantdb;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled copy new tenant databases from a template kept at the current TENANT migration
 *                version (fast); false runs every migration for every tenant (the seed's way)
 */
@ConfigurationProperties("provisioning.tenant-template")
public record TenantTemplateSettings(@DefaultValue("true") boolean enabled) {
}
