package com.topsteel.provisioning.contracts;

import java.util.UUID;

/** Command: create the database, schema, data and users of a société already recorded as PROVISIONING. */
public record ProvisionTenant(UUID jobId, UUID societeId, String societeCode, String societeNom, String databaseName) {
}
