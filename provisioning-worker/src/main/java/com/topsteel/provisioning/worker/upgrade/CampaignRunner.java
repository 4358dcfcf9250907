package com.topsteel.provisioning.worker.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.CampaignStatus;
import com.topsteel.provisioning.contracts.JobEventType;
import com.topsteel.provisioning.contracts.SchemaVersions;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.JobEvents;
import com.topsteel.provisioning.jobs.upgrade.Campaign;
import com.topsteel.provisioning.jobs.upgrade.LedgerEntry;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.jobs.upgrade.Workers;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.JobLease;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.saga.TransientStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantMigrations;
import com.topsteel.provisioning.worker.tenantdb.TenantTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of an UPGRADE_FLEET job: the template, then the canary (all of it must succeed), then
 * waves of {@code waveSize} tenants, {@code maxParallel} at a time. Every tenant's outcome is in
 * the ledger before the next is started, so a run that dies is resumed by the next attempt where
 * it stopped (tenants it left RUNNING first). Between tenants it reads the campaign's status: a
 * pause or an abort stops it starting new ones; crossing the failure threshold pauses it.
 * A campaign is run by one attempt at a time, under a lease on its id.
 */
@Component
class CampaignRunner {

    private static final Logger log = LoggerFactory.getLogger(CampaignRunner.class);

    private final UpgradeCampaigns campaigns;
    private final TenantUpgrade tenants;
    private final TenantMigrations migrations;
    private final TenantTemplate template;
    private final Workers workers;
    private final JobLease lease;
    private final JobEvents events;
    private final UpgradeMetrics metrics;
    private final TransactionTemplate transaction;
    private final JsonMapper json = JsonMapper.builder().build();

    CampaignRunner(UpgradeCampaigns campaigns, TenantUpgrade tenants, TenantMigrations migrations, TenantTemplate template,
            Workers workers, JobLease lease, JobEvents events, UpgradeMetrics metrics, TransactionTemplate transaction) {
        this.campaigns = campaigns;
        this.tenants = tenants;
        this.migrations = migrations;
        this.template = template;
        this.workers = workers;
        this.lease = lease;
        this.events = events;
        this.metrics = metrics;
        this.transaction = transaction;
    }

    /** A worker without the target's migrations leaves the campaign to one that has them (a rolling deploy). */
    Optional<String> whyNotHere(JobContext job) {
        return campaigns.find(campaignId(job))
                .filter(campaign -> !migrations.knows(campaign.targetVersion()))
                .map(campaign -> "its TENANT migrations stop at " + migrations.newestVersion() + ", the campaign targets "
                        + campaign.targetVersion());
    }

    /** New tenants are copied from a template at (or past) the target before any tenant is upgraded. */
    void checkTemplate(JobContext job) {
        Campaign campaign = campaign(job);
        template.version().ifPresent(version -> {
            if (SchemaVersions.isBehind(version, campaign.targetVersion())) {
                throw new PermanentStepFailure("the tenant template is at " + version + ", behind the target "
                        + campaign.targetVersion());
            }
            log.info("Job {} campaign {}: new tenants are created at version {} (target {})", job.jobId(), campaign.id(),
                    version, campaign.targetVersion());
        });
    }

    /**
     * The job failed for good outside any tenant's migration (the AUTH database unreachable past
     * every retry): a campaign still RUNNING is PAUSED, for an operator to resume, rather than left
     * running with no job.
     */
    void pauseIfStillRunning(JobContext job) {
        UUID id = campaignId(job);
        if (campaigns.endRun(id, CampaignStatus.PAUSED, "le job " + job.jobId() + " a échoué : reprenez la campagne")) {
            metrics.campaignEnded(CampaignStatus.PAUSED);
            log.warn("Job {} campaign {} PAUSED: its job failed", job.jobId(), id);
        }
    }

    /** The canary alone; one failure fails the campaign before any wave. */
    void upgradeCanary(JobContext job) {
        Campaign campaign = campaign(job);
        try (var held = leaseOf(campaign)) {
            if (!isRunning(campaign.id())) {
                return;
            }
            upgradeAll(campaign, campaigns.next(campaign.id(), true, Integer.MAX_VALUE), job);
            List<LedgerEntry> failed = campaigns.ledger(campaign.id(), TenantUpgradeStatus.FAILED, 0, 1000).stream()
                    .filter(LedgerEntry::canary)
                    .toList();
            if (!failed.isEmpty() && isRunning(campaign.id())) {
                String reason = "le canari a échoué : " + failed.get(0).societeCode() + " : " + failed.get(0).error();
                if (campaigns.endRun(campaign.id(), CampaignStatus.FAILED, reason)) {
                    metrics.campaignEnded(CampaignStatus.FAILED);
                }
                throw new PermanentStepFailure("canary failed on " + failed.size() + " tenant(s), no wave started: "
                        + failed.get(0).societeCode() + ": " + failed.get(0).error());
            }
        }
    }

    /** Waves until no tenant is left, the campaign is paused or aborted, or its failures cross the threshold. */
    void upgradeWaves(JobContext job) {
        Campaign campaign = campaign(job);
        try (var held = leaseOf(campaign)) {
            while (isRunning(campaign.id())) {
                int joined = campaigns.addBehind(campaign.id(), campaign.targetVersion());
                if (joined > 0) {
                    log.info("Job {} campaign {}: {} société(s) provisioned behind the target joined the campaign",
                            job.jobId(), campaign.id(), joined);
                }
                List<LedgerEntry> wave = campaigns.next(campaign.id(), false, campaign.waveSize());
                if (wave.isEmpty()) {
                    complete(campaign, job);
                    return;
                }
                int number = campaigns.lastWave(campaign.id()) + 1;
                campaigns.assignWave(campaign.id(), wave.stream().map(LedgerEntry::societeId).toList(), number);
                log.info("Job {} campaign {}: wave {} of {} tenant(s)", job.jobId(), campaign.id(), number, wave.size());
                upgradeAll(campaign, wave, job);
                pauseIfPastThreshold(campaign, job);
            }
            log.info("Job {} campaign {} is {}: no more tenants started", job.jobId(), campaign.id(),
                    campaigns.status(campaign.id()).orElse(null));
        }
    }

    /** What the job says when its steps are done: how the campaign stands. */
    String summary(JobContext job) {
        Campaign campaign = campaign(job);
        return "Campagne " + campaign.id() + " vers la version " + campaign.targetVersion() + " : " + campaign.status()
                + " (" + campaign.count(TenantUpgradeStatus.SUCCEEDED) + " à jour, "
                + campaign.count(TenantUpgradeStatus.FAILED) + " en échec, "
                + campaign.count(TenantUpgradeStatus.SKIPPED) + " ignorés, "
                + campaign.count(TenantUpgradeStatus.PENDING) + " en attente)";
    }

    private void complete(Campaign campaign, JobContext job) {
        Campaign done = campaigns.find(campaign.id()).orElseThrow();
        boolean completed = transaction.execute(status -> {
            if (!campaigns.endRun(campaign.id(), CampaignStatus.COMPLETED, null)) {
                return false;
            }
            events.record(job.jobId(), JobEventType.UPGRADE_COMPLETED, json.writeValueAsString(java.util.Map.of(
                    "campaignId", campaign.id(), "targetVersion", campaign.targetVersion(),
                    "succeeded", done.count(TenantUpgradeStatus.SUCCEEDED), "failed", done.count(TenantUpgradeStatus.FAILED),
                    "skipped", done.count(TenantUpgradeStatus.SKIPPED))));
            return true;
        });
        if (completed) {
            metrics.campaignEnded(CampaignStatus.COMPLETED);
            log.info("Job {} campaign {} COMPLETED: {} upgraded, {} failed, {} skipped", job.jobId(), campaign.id(),
                    done.count(TenantUpgradeStatus.SUCCEEDED), done.count(TenantUpgradeStatus.FAILED),
                    done.count(TenantUpgradeStatus.SKIPPED));
            dropObsoleteTemplates();
        }
    }

    private void dropObsoleteTemplates() {
        try {
            template.dropObsolete(workers.liveVersions(), true);
        } catch (RuntimeException failure) {
            log.warn("Obsolete tenant templates not dropped: {}", failure.toString());
        }
    }

    /** Pauses once more than {@code failureThreshold} percent of the campaign's tenants have failed. */
    private void pauseIfPastThreshold(Campaign campaign, JobContext job) {
        Campaign now = campaigns.find(campaign.id()).orElseThrow();
        long total = now.counts().values().stream().mapToLong(Long::longValue).sum();
        long failed = now.count(TenantUpgradeStatus.FAILED);
        if (total > 0 && failed * 100 > (long) campaign.failureThreshold() * total) {
            String reason = "seuil d'échec dépassé : " + failed + " tenant(s) en échec sur " + total + " (> "
                    + campaign.failureThreshold() + " %)";
            if (campaigns.endRun(campaign.id(), CampaignStatus.PAUSED, reason)) {
                metrics.campaignEnded(CampaignStatus.PAUSED);
                log.warn("Job {} campaign {} PAUSED: {}", job.jobId(), campaign.id(), reason);
            }
        }
    }

    /** Upgrades the tenants, {@code maxParallel} at a time; a tenant is started only while the campaign runs. */
    private void upgradeAll(Campaign campaign, List<LedgerEntry> batch, JobContext job) {
        if (batch.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(campaign.maxParallel(), batch.size()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (LedgerEntry tenant : batch) {
                running.add(pool.submit(() -> {
                    if (!isRunning(campaign.id())) {
                        return;
                    }
                    try (var logContext = JobLogContext.of(job.jobId(), job.type(), tenant.societeCode())) {
                        tenants.upgrade(campaign, tenant, job);
                    }
                }));
            }
            for (Future<?> tenant : running) {
                tenant.get();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientStepFailure("interrupted while upgrading tenants", interrupted);
        } catch (ExecutionException failure) {
            // the AUTH database unreachable, say: the next attempt resumes from the ledger
            throw new TransientStepFailure("upgrading a tenant failed outside its migration: " + failure.getCause(),
                    failure.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean isRunning(UUID campaignId) {
        return campaigns.status(campaignId).filter(status -> status == CampaignStatus.RUNNING).isPresent();
    }

    private JobLease.Held leaseOf(Campaign campaign) {
        return lease.tryAcquire(campaign.id()).orElseThrow(() -> new TransientStepFailure(
                "campaign " + campaign.id() + " is still being run by an earlier job; tried again shortly"));
    }

    private Campaign campaign(JobContext job) {
        UUID id = campaignId(job);
        return campaigns.find(id).orElseThrow(() -> new PermanentStepFailure("campaign " + id + " does not exist"));
    }

    private UUID campaignId(JobContext job) {
        return UUID.fromString(json.readTree(job.payload()).path("campaignId").asString());
    }
}
