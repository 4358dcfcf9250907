package com.topsteel.provisioning.contracts;

/**
 * IN_PLACE: the société's database replaced by the backup's content (the société in MAINTENANCE
 * meanwhile, the previous database kept until the restore is verified); NEW_DATABASE: restored
 * beside it under another name, for inspection.
 */
public enum RestoreMode {
    IN_PLACE, NEW_DATABASE
}
