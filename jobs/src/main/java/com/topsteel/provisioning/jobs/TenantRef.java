package com.topsteel.provisioning.jobs;

import java.util.UUID;

/** The société a job works on, as its job recorded it: what every step and every log line names. */
public record TenantRef(UUID societeId, String code, String nom, String databaseName) {
}
