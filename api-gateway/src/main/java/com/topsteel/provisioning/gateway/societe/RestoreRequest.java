package com.topsteel.provisioning.gateway.societe;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import com.topsteel.provisioning.contracts.RestoreMode;

/**
 * @param targetDatabase NEW_DATABASE only: the name the backup is restored under (lower-case letters,
 *                       digits, underscores; a database that does not exist yet)
 */
record RestoreRequest(@NotNull UUID backupId, @NotNull RestoreMode mode, String targetDatabase) {
}
