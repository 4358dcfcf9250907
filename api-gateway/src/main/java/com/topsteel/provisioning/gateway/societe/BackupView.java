package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.BackupTrigger;
import com.topsteel.provisioning.jobs.backup.Backup;

/** A backup as the API shows it; {@code sha256} in hex, {@code verifiedAt} the last restore drill that found it whole. */
record BackupView(UUID id, UUID societeId, String societeCode, UUID jobId, BackupStatus status, BackupTrigger trigger,
        Long sizeBytes, String sha256, String schemaVersion, String error, OffsetDateTime createdAt,
        OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime verifiedAt) {

    static BackupView of(Backup backup) {
        return new BackupView(backup.id(), backup.societeId(), backup.societeCode(), backup.jobId(), backup.status(),
                backup.trigger(), backup.sizeBytes(), backup.sha256(), backup.schemaVersion(), backup.error(),
                backup.createdAt(), backup.startedAt(), backup.finishedAt(), backup.verifiedAt());
    }
}
