package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.topsteel.provisioning.jobs.backup.DeletedSociete;

/** A destroyed société still recoverable: {@code id} is the société's own. */
record DeletedSocieteView(UUID id, String code, String nom, String databaseName, OffsetDateTime deletedAt,
        OffsetDateTime purgeAfter, UUID finalBackupId, String status, UUID recoverJobId) {

    static DeletedSocieteView of(DeletedSociete deleted) {
        return new DeletedSocieteView(deleted.id(), deleted.code(), deleted.nom(), deleted.databaseName(), deleted.deletedAt(),
                deleted.purgeAfter(), deleted.finalBackupId(), deleted.status(), deleted.recoverJobId());
    }
}
