package com.topsteel.provisioning.gateway.societe;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.gateway.job.JobAccepted;

/**
 * Database roles for sociétés provisioned before roles per tenant (docs/servers.md). OPS only; the
 * password of each role is shown once, to ops, on its job ({@code databaseRole}).
 */
@RestController
class DatabaseRoleController {

    private final SocieteDatabaseRoles roles;

    DatabaseRoleController(SocieteDatabaseRoles roles) {
        this.roles = roles;
    }

    /** 202 with the job; 409 when the société has a role already, or is busy. */
    @PostMapping("/api/societes/{id}/database-role")
    ResponseEntity<JobAccepted> create(@PathVariable UUID id) {
        JobAccepted accepted = roles.create(id);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** 202 with one job per société given a role, oldest sociétés first, at most {@code limit} per call. */
    @PostMapping("/api/ops/database-roles")
    ResponseEntity<SocieteDatabaseRoles.FleetRoles> createForAll(
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return ResponseEntity.accepted().body(roles.createForAll(limit));
    }
}
