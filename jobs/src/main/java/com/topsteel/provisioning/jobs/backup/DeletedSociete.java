package com.topsteel.provisioning.jobs.backup;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A destroyed société kept for its grace period: what recovery puts back (its row and its users, as
 * JSON) and the FINAL backup its database comes back from.
 *
 * @param status DELETED, RECOVERING, RECOVERED or PURGED
 */
public record DeletedSociete(
        UUID id,
        String code,
        String nom,
        String databaseName,
        String societe,
        String users,
        UUID finalBackupId,
        UUID destroyJobId,
        OffsetDateTime deletedAt,
        OffsetDateTime purgeAfter,
        String status,
        UUID recoverJobId,
        OffsetDateTime purgedAt) {
}
