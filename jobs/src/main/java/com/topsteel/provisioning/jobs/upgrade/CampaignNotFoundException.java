package com.topsteel.provisioning.jobs.upgrade;

import java.util.UUID;

/** No campaign has this id: 404. */
public class CampaignNotFoundException extends RuntimeException {

    public CampaignNotFoundException(UUID campaignId) {
        super("Campagne " + campaignId + " introuvable");
    }
}
