package com.topsteel.provisioning.jobs.upgrade;

/** The campaign cannot do what was asked in its current state, or another campaign holds the fleet: 409. */
public class CampaignConflictException extends RuntimeException {

    public CampaignConflictException(String message) {
        super(message);
    }
}
