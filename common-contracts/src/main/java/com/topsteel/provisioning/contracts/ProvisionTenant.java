package com.topsteel.provisioning.contracts;

import java.util.UUID;

/**
 * Command: create the database, schema, data and users of a société already recorded as
 * PROVISIONING. {@code runId} names one run of the job: a redelivered command carries the same
 * run and is executed once; an operator's retry starts a new run.
 */
public record ProvisionTenant(UUID jobId, UUID runId, UUID societeId, String societeCode, String societeNom,
        String databaseName) implements JobCommand {

    @Override
    public JobType jobType() {
        return JobType.PROVISION_TENANT;
    }

    @Override
    public String messageType() {
        return ProvisioningMessages.PROVISION_TENANT_TYPE;
    }
}
