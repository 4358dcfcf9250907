package com.topsteel.provisioning.gateway.societe;

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

import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.web.PageOf;

/** Destroyed sociétés within their grace period, and their recovery (docs/backups.md). OPS only, as every {@code /api/ops} route. */
@RestController
@RequestMapping("/api/ops/deleted-societes")
class DeletedSocieteController {

    private final SocieteRecovery recovery;

    DeletedSocieteController(SocieteRecovery recovery) {
        this.recovery = recovery;
    }

    /** Newest first. */
    @GetMapping
    PageOf<DeletedSocieteView> deleted(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return recovery.page(page, size);
    }

    /** 202 with the RECOVER_TENANT job; the body, optional, may give a new {@code code}. */
    @PostMapping("/{id}/recover")
    ResponseEntity<JobAccepted> recover(@PathVariable UUID id, @Valid @RequestBody(required = false) RecoverRequest request) {
        JobAccepted accepted = recovery.recover(id, request);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }
}
