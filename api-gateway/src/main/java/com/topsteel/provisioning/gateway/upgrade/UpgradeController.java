package com.topsteel.provisioning.gateway.upgrade;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.contracts.TenantUpgradeStatus;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.CampaignDetail;
import com.topsteel.provisioning.gateway.upgrade.UpgradeViews.CampaignView;
import com.topsteel.provisioning.gateway.web.PageOf;

/** Fleet upgrade campaigns (docs/upgrades.md). OPS role only, as every {@code /api/ops} route. */
@RestController
@RequestMapping("/api/ops/upgrades")
class UpgradeController {

    private final FleetUpgrades upgrades;

    UpgradeController(FleetUpgrades upgrades) {
        this.upgrades = upgrades;
    }

    /** 202 with the campaign and its {@code Location}; with {@code dryRun}, 200 with the plan and nothing changed. */
    @PostMapping
    ResponseEntity<?> start(@Valid @RequestBody(required = false) UpgradeRequest request) {
        UpgradeRequest asked = request == null ? new UpgradeRequest(null, null, null, null, null, null, null) : request;
        if (Boolean.TRUE.equals(asked.dryRun())) {
            return ResponseEntity.ok(upgrades.dryRun(asked));
        }
        CampaignView campaign = upgrades.start(asked, CurrentCaller.name());
        return ResponseEntity.accepted().location(URI.create("/api/ops/upgrades/" + campaign.id())).body(campaign);
    }

    /** Newest first. */
    @GetMapping
    PageOf<CampaignView> campaigns(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return upgrades.page(page, size);
    }

    /** The campaign and a page of its ledger, optionally of one status (FAILED: who failed and why). */
    @GetMapping("/{id}")
    CampaignDetail campaign(@PathVariable UUID id, @RequestParam(required = false) TenantUpgradeStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return upgrades.detail(id, status, page, size);
    }

    @PostMapping("/{id}/pause")
    CampaignView pause(@PathVariable UUID id) {
        return upgrades.pause(id, CurrentCaller.name());
    }

    @PostMapping("/{id}/resume")
    CampaignView resume(@PathVariable UUID id) {
        return upgrades.resume(id, CurrentCaller.name());
    }

    @PostMapping("/{id}/abort")
    CampaignView abort(@PathVariable UUID id) {
        return upgrades.abort(id, CurrentCaller.name());
    }

    /** The FAILED tenants back to PENDING, and the campaign running again for them. */
    @PostMapping("/{id}/retry-failed")
    CampaignView retryFailed(@PathVariable UUID id) {
        return upgrades.retryFailed(id, CurrentCaller.name());
    }
}
