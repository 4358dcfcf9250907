package com.topsteel.provisioning.jobs.backup;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.BackupStatus;
import com.topsteel.provisioning.contracts.BackupTrigger;

/**
 * One dump of one société's database, as {@code provisioning.backups} records it.
 *
 * @param storageKey where the dump is in the backup store
 * @param sha256     the dump's SHA-256 (hex), once SUCCEEDED
 * @param rowCounts  rows per table as the dump's snapshot saw them, once SUCCEEDED
 * @param verifiedAt when a restore drill last restored it and found it as recorded, or null
 */
public record Backup(
        UUID id,
        UUID societeId,
        String societeCode,
        String databaseName,
        UUID jobId,
        BackupTrigger trigger,
        BackupStatus status,
        String storageKey,
        String schemaVersion,
        Long sizeBytes,
        String sha256,
        Map<String, Long> rowCounts,
        String error,
        String requestedBy,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        OffsetDateTime verifiedAt) {
}
