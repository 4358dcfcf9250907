package com.topsteel.provisioning.jobs.backup;

import java.util.UUID;

import com.topsteel.provisioning.contracts.RestoreMode;

/**
 * What a RESTORE_TENANT job restores, and where.
 *
 * @param targetDatabase the database the dump is restored into: a scratch one that then takes the
 *                       tenant's name (IN_PLACE), or the name asked for (NEW_DATABASE)
 * @param previousStatus the société's status before MAINTENANCE, once the job has put it there
 */
public record Restore(UUID jobId, UUID backupId, UUID societeId, RestoreMode mode, String targetDatabase,
        String previousStatus) {
}
