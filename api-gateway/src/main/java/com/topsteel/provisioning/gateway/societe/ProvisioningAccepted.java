package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;

/** The seed's response fields ({@code success, databaseName, message}) plus what a client polls with. */
record ProvisioningAccepted(boolean success, String databaseName, String message, UUID jobId, UUID societeId,
        JobStatus status) {
}
