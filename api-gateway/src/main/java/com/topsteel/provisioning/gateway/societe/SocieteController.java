package com.topsteel.provisioning.gateway.societe;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.web.PageOf;

/** The seed's routes (provision-tenant, destroy-tenant) and the original controller's société routes. */
@RestController
@RequestMapping("/api/societes")
class SocieteController {

    private final SocieteProvisioning provisioning;
    private final SocieteDestruction destruction;
    private final SocieteDirectory directory;

    SocieteController(SocieteProvisioning provisioning, SocieteDestruction destruction, SocieteDirectory directory) {
        this.provisioning = provisioning;
        this.destruction = destruction;
        this.directory = directory;
    }

    @PostMapping("/provision-tenant")
    ResponseEntity<JobAccepted> provisionTenant(@Valid @RequestBody ProvisionTenantRequest request) {
        return accepted(provisioning.provision(request));
    }

    /** With {@code purge=true}, nothing is kept: no FINAL backup, every backup erased (the right-to-erasure path). */
    @DeleteMapping("/{id}/destroy-tenant")
    ResponseEntity<JobAccepted> destroyTenant(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean purge) {
        return accepted(destruction.destroy(id, purge));
    }

    private static ResponseEntity<JobAccepted> accepted(JobAccepted accepted) {
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    @GetMapping
    PageOf<SocieteView> societes(@RequestParam(required = false) SocieteStatus status,
            @RequestParam(required = false) Plan plan,
            @RequestParam(required = false) String code,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return directory.page(status, plan, code, page, size);
    }

    @GetMapping("/active")
    PageOf<SocieteView> activeSocietes(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return directory.page(SocieteStatus.ACTIVE, null, null, page, size);
    }

    @GetMapping("/statistics")
    SocieteStatistics statistics() {
        return directory.statistics();
    }

    @GetMapping("/{id}")
    SocieteView societe(@PathVariable UUID id) {
        return directory.byId(id);
    }

    @GetMapping("/by-code/{code}")
    SocieteView societeByCode(@PathVariable String code) {
        return directory.byCode(code);
    }

    /** Its users (the default admin and user, and any added since); never a password or its hash. */
    @GetMapping("/{id}/users")
    PageOf<SocieteUser> users(@PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return directory.users(id, page, size);
    }

    @PutMapping("/{id}/activate")
    SocieteView activate(@PathVariable UUID id) {
        return directory.activate(id);
    }

    @PutMapping("/{id}/suspend")
    SocieteView suspend(@PathVariable UUID id) {
        return directory.suspend(id);
    }
}
