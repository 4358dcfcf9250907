package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.JobStatus;

/** A backup asked for: the job to poll and the backup it will make. */
record BackupAccepted(UUID id, UUID jobId, UUID societeId, BackupStatus backupStatus, JobStatus status, String message) {
}
