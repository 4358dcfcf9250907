package com.topsteel.provisioning.jobs.upgrade;

import java.util.UUID;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.jobs.Jobs;

/**
 * Starts a campaign's UPGRADE_FLEET job — for a new campaign (an operator's request or a worker's
 * auto-start), or again after a pause or for its failed tenants — in the caller's transaction:
 * the campaign, its ledger, its job and the job's command exist together or not at all.
 */
public class CampaignLauncher {

    private final UpgradeCampaigns campaigns;
    private final Jobs jobs;
    private final JobEvents events;

    public CampaignLauncher(UpgradeCampaigns campaigns, Jobs jobs, JobEvents events) {
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.events = events;
    }

    /**
     * @param autoStartedFor the version a worker's auto-start is for, or null for an operator's campaign
     * @throws CampaignConflictException when another campaign is running or paused
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Campaign start(CampaignRequest request, String requestedBy, String autoStartedFor) {
        UUID campaignId = UUID.randomUUID();
        Job job = jobs.accept(JobType.UPGRADE_FLEET, null, requestedBy, payload(campaignId));
        campaigns.record(campaignId, job.id(), request, requestedBy, autoStartedFor);
        Campaign campaign = campaigns.find(campaignId).orElseThrow();
        events.record(job.id(), JobEventType.UPGRADE_STARTED, """
                {"campaignId": "%s", "targetVersion": "%s", "tenants": %d, "canary": %d}""".formatted(campaignId,
                request.targetVersion(), campaign.counts().values().stream().mapToLong(Long::longValue).sum(),
                campaign.canarySize()));
        return campaign;
    }

    /** A new job for a campaign that is RUNNING again (resumed, or its failed tenants retried). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Campaign runAgain(UUID campaignId, String requestedBy) {
        Job job = jobs.accept(JobType.UPGRADE_FLEET, null, requestedBy, payload(campaignId));
        campaigns.attachJob(campaignId, job.id());
        return campaigns.find(campaignId).orElseThrow();
    }

    /** What an UPGRADE_FLEET job is accepted with. */
    public static String payload(UUID campaignId) {
        return "{\"campaignId\": \"" + campaignId + "\"}";
    }
}
