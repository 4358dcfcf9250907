package com.topsteel.provisioning.contracts;

import java.util.UUID;

/** Command: drop the société's database and remove the société, its users, links and settings. */
public record DestroyTenant(UUID jobId, UUID runId, UUID societeId, String societeCode, String societeNom,
        String databaseName) implements JobCommand {

    @Override
    public JobType jobType() {
        return JobType.DESTROY_TENANT;
    }

    @Override
    public String messageType() {
        return ProvisioningMessages.DESTROY_TENANT_TYPE;
    }
}
