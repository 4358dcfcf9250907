package com.topsteel.provisioning.jobs.upgrade;

import java.util.List;

/**
 * A campaign as it is asked for, once checked.
 *
 * @param canaryCodes      the canary's sociétés by code, or empty to take the first {@code canaryCount} by code
 * @param failureThreshold the percent of the campaign's tenants that may fail before it pauses
 * @param backupFirst      each tenant backed up (trigger PRE_UPGRADE) before it is migrated; a failed backup fails the tenant
 */
public record CampaignRequest(String targetVersion, int canaryCount, List<String> canaryCodes, int waveSize,
        int maxParallel, int failureThreshold, boolean backupFirst) {

    public static final int DEFAULT_CANARY = 1;
    public static final int DEFAULT_WAVE_SIZE = 50;
    public static final int DEFAULT_MAX_PARALLEL = 4;
    public static final int DEFAULT_FAILURE_THRESHOLD = 10;
    /** Off: a campaign migrates in place, each migration in its own transaction; the daily backups stand behind it. */
    public static final boolean DEFAULT_BACKUP_FIRST = false;

    public CampaignRequest {
        canaryCodes = List.copyOf(canaryCodes);
    }

    /** A campaign to {@code targetVersion} with every other setting at its default. */
    public static CampaignRequest withDefaults(String targetVersion) {
        return new CampaignRequest(targetVersion, DEFAULT_CANARY, List.of(), DEFAULT_WAVE_SIZE, DEFAULT_MAX_PARALLEL,
                DEFAULT_FAILURE_THRESHOLD, DEFAULT_BACKUP_FIRST);
    }
}
