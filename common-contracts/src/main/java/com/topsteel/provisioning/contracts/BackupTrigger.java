package com.topsteel.provisioning.contracts;

/** Why a backup was taken: by the schedule, on request, before an upgrade, or as a destroy's last. */
public enum BackupTrigger {
    SCHEDULED, MANUAL, PRE_UPGRADE, FINAL
}
