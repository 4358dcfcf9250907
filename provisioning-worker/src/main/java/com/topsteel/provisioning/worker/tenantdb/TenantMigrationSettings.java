package com.topsteel.provisioning.worker.tenantdb;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param locations Flyway locations of the TENANT migrations ({@code classpath:…}, {@code filesystem:…}),
 *                  for the template, new tenants and upgrades alike
 */
@ConfigurationProperties("provisioning.tenant-migrations")
public record TenantMigrationSettings(@DefaultValue("classpath:db/tenant") List<String> locations) {
}
