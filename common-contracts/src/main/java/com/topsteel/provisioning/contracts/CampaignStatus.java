package com.topsteel.provisioning.contracts;

import java.util.EnumSet;
import java.util.Set;

/**
 * An upgrade campaign: RUNNING until every tenant of its ledger is done (COMPLETED); PAUSED by an
 * operator or by crossing its failure threshold, then resumed; FAILED when its canary failed
 * (no wave ran); ABORTED by an operator. At most one campaign is RUNNING or PAUSED at a time.
 */
public enum CampaignStatus {
    RUNNING, PAUSED, COMPLETED, FAILED, ABORTED;

    /** The statuses that hold the fleet: a new campaign waits until this one is over. */
    public static final Set<CampaignStatus> ACTIVE = EnumSet.of(RUNNING, PAUSED);

    public boolean isActive() {
        return ACTIVE.contains(this);
    }
}
