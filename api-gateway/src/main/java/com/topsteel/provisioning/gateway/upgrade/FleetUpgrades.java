package com.topsteel.provisioning.gateway.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.SchemaVersions;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.CampaignDetail;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.CampaignView;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.DryRun;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.PlannedTenant;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.gateway.web.UnprocessableFieldException;
import com.topsteel.provisioning.jobs.upgrade.Campaign;
import com.topsteel.provisioning.jobs.upgrade.CampaignLauncher;
import com.topsteel.provisioning.jobs.upgrade.CampaignNotFoundException;
import com.topsteel.provisioning.jobs.upgrade.CampaignRequest;
import com.topsteel.provisioning.jobs.upgrade.LedgerEntry;
import com.topsteel.provisioning.jobs.upgrade.UpgradeCampaigns;
import com.topsteel.provisioning.jobs.upgrade.Workers;

import tools.jackson.databind.JsonNode;

/**
 * Upgrade campaigns as operators ask for them: checked against the fleet (the target a live worker
 * knows and no tenant is past; canary codes that exist), planned, started, steered.
 */
@Service
class FleetUpgrades {

    private static final Logger log = LoggerFactory.getLogger(FleetUpgrades.class);
    private static final int MAX_CANARY = 1000;

    private final UpgradeCampaigns campaigns;
    private final CampaignLauncher launcher;
    private final Workers workers;

    FleetUpgrades(UpgradeCampaigns campaigns, CampaignLauncher launcher, Workers workers) {
        this.campaigns = campaigns;
        this.launcher = launcher;
        this.workers = workers;
    }

    /** The plan, without changing anything. */
    DryRun dryRun(UpgradeRequest request) {
        CampaignRequest checked = check(request);
        List<LedgerEntry> plan = campaigns.plan(checked.targetVersion());
        Set<String> canary = canaryCodes(checked, plan);
        List<PlannedTenant> tenants = plan.stream()
                .map(tenant -> new PlannedTenant(tenant.societeCode(), tenant.databaseName(), tenant.fromVersion(),
                        canary.contains(tenant.societeCode().toLowerCase())))
                .toList();
        return new DryRun(true, checked.targetVersion(), tenants.size(), tenants);
    }

    @Transactional
    CampaignView start(UpgradeRequest request, String requestedBy) {
        CampaignRequest checked = check(request);
        Campaign campaign = launcher.start(checked, requestedBy, null);
        log.info("Upgrade campaign {} to version {} started by {}: {} tenant(s), canary {}, job {}", campaign.id(),
                checked.targetVersion(), requestedBy, CampaignView.of(campaign).tenants(), campaign.canarySize(),
                campaign.jobId());
        return CampaignView.of(campaign);
    }

    PageOf<CampaignView> page(int page, int size) {
        return PageOf.of(campaigns.page(page, size).stream().map(CampaignView::of).toList(), page, size, campaigns.count());
    }

    CampaignDetail detail(UUID campaignId, TenantUpgradeStatus status, int page, int size) {
        Campaign campaign = find(campaignId);
        long total = status == null ? CampaignView.of(campaign).tenants() : campaign.count(status);
        return new CampaignDetail(CampaignView.of(campaign),
                PageOf.of(campaigns.ledger(campaignId, status, page, size), page, size, total));
    }

    @Transactional
    CampaignView pause(UUID campaignId, String by) {
        CampaignView paused = CampaignView.of(campaigns.pause(campaignId, "mise en pause par " + by));
        log.info("Upgrade campaign {} PAUSED by {}", campaignId, by);
        return paused;
    }

    @Transactional
    CampaignView resume(UUID campaignId, String by) {
        campaigns.resume(campaignId);
        Campaign resumed = launcher.runAgain(campaignId, by);
        log.info("Upgrade campaign {} resumed by {}: job {}", campaignId, by, resumed.jobId());
        return CampaignView.of(resumed);
    }

    @Transactional
    CampaignView abort(UUID campaignId, String by) {
        CampaignView aborted = CampaignView.of(campaigns.abort(campaignId, "abandonnée par " + by));
        log.info("Upgrade campaign {} ABORTED by {}", campaignId, by);
        return aborted;
    }

    @Transactional
    CampaignView retryFailed(UUID campaignId, String by) {
        long failed = find(campaignId).count(TenantUpgradeStatus.FAILED);
        boolean alreadyRunning = campaigns.retryFailed(campaignId);
        Campaign campaign = alreadyRunning ? find(campaignId) : launcher.runAgain(campaignId, by);
        log.info("Upgrade campaign {}: {} failed tenant(s) retried by {} (job {})", campaignId, failed, by, campaign.jobId());
        return CampaignView.of(campaign);
    }

    private Campaign find(UUID campaignId) {
        return campaigns.find(campaignId).orElseThrow(() -> new CampaignNotFoundException(campaignId));
    }

    /** The request with its defaults, or the field at fault: 400 for a malformed value, 422 for one the fleet refuses. */
    private CampaignRequest check(UpgradeRequest request) {
        String target = target(request.targetVersion());
        int canaryCount = CampaignRequest.DEFAULT_CANARY;
        List<String> canaryCodes = List.of();
        JsonNode canary = request.canary();
        if (canary != null && !canary.isNull()) {
            if (canary.isIntegralNumber() && canary.canConvertToInt()) {
                canaryCount = canary.asInt();
                if (canaryCount < 0 || canaryCount > MAX_CANARY) {
                    throw new InvalidFieldException("canary", "must be between 0 and " + MAX_CANARY);
                }
            } else if (canary.isArray()) {
                canaryCodes = canaryCodes(canary, target);
            } else {
                throw new InvalidFieldException("canary", "must be a number of sociétés or a list of société codes");
            }
        }
        return new CampaignRequest(target, canaryCount, canaryCodes,
                orDefault(request.waveSize(), CampaignRequest.DEFAULT_WAVE_SIZE),
                orDefault(request.maxParallel(), CampaignRequest.DEFAULT_MAX_PARALLEL),
                orDefault(request.failureThreshold(), CampaignRequest.DEFAULT_FAILURE_THRESHOLD),
                request.backupFirst() == null ? CampaignRequest.DEFAULT_BACKUP_FIRST : request.backupFirst());
    }

    private String target(String requested) {
        List<String> known = workers.knownVersions();
        if (requested == null) {
            return workers.newestKnownVersion().orElseThrow(() -> new UnprocessableFieldException("targetVersion",
                    "aucun worker actif n'a signalé ses migrations TENANT : impossible de choisir une version cible"));
        }
        if (!SchemaVersions.isWellFormed(requested)) {
            throw new InvalidFieldException("targetVersion", "must be a schema version such as 3 or 2.1");
        }
        Optional<String> known_ = known.stream().filter(version -> SchemaVersions.compare(version, requested) == 0).findFirst();
        if (known_.isEmpty()) {
            throw new UnprocessableFieldException("targetVersion", "version " + requested
                    + " inconnue des workers actifs (versions connues : " + String.join(", ", known) + ")");
        }
        campaigns.newestTenantVersion()
                .filter(newest -> SchemaVersions.compare(newest, requested) > 0)
                .ifPresent(newest -> {
                    throw new UnprocessableFieldException("targetVersion", "version " + requested
                            + " antérieure à celle d'au moins une société (" + newest + ") : une campagne ne fait pas descendre de version");
                });
        return known_.get();
    }

    private List<String> canaryCodes(JsonNode canary, String target) {
        if (canary.size() == 0 || canary.size() > MAX_CANARY) {
            throw new InvalidFieldException("canary", "a list of 1 to " + MAX_CANARY + " société codes");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode code : canary) {
            if (!code.isString() || code.asString().isBlank() || code.asString().length() > 100) {
                throw new InvalidFieldException("canary", "every element must be a société code");
            }
            codes.add(code.asString().trim());
        }
        List<String> unknown = campaigns.unknownCodes(codes);
        if (!unknown.isEmpty()) {
            throw new UnprocessableFieldException("canary", "sociétés inconnues (ou sans base) : " + String.join(", ", unknown));
        }
        Set<String> behind = campaigns.plan(target).stream().map(tenant -> tenant.societeCode().toLowerCase())
                .collect(Collectors.toSet());
        List<String> notBehind = codes.stream().filter(code -> !behind.contains(code.toLowerCase())).toList();
        if (!notBehind.isEmpty()) {
            throw new UnprocessableFieldException("canary", "déjà à la version " + target + " ou au-delà : "
                    + String.join(", ", notBehind));
        }
        return codes.stream().distinct().toList();
    }

    private static Set<String> canaryCodes(CampaignRequest request, List<LedgerEntry> plan) {
        if (!request.canaryCodes().isEmpty()) {
            return request.canaryCodes().stream().map(String::toLowerCase).collect(Collectors.toSet());
        }
        return plan.stream().limit(request.canaryCount()).map(tenant -> tenant.societeCode().toLowerCase())
                .collect(Collectors.toSet());
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
