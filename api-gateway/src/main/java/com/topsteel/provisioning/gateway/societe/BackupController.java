package com.topsteel.provisioning.gateway.societe;

import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.web.PageOf;

/** A société's backups and restores; the download is an ops route (docs/backups.md). */
@RestController
class BackupController {

    private final SocieteBackups backups;

    BackupController(SocieteBackups backups) {
        this.backups = backups;
    }

    /** 202 with the backup's {@code id} and its {@code jobId}. */
    @PostMapping("/api/societes/{id}/backups")
    ResponseEntity<BackupAccepted> backUp(@PathVariable UUID id) {
        BackupAccepted accepted = backups.backUp(id);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** Newest first. */
    @GetMapping("/api/societes/{id}/backups")
    PageOf<BackupView> list(@PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return backups.page(id, page, size);
    }

    @PostMapping("/api/societes/{id}/restore")
    ResponseEntity<JobAccepted> restore(@PathVariable UUID id, @Valid @RequestBody RestoreRequest request) {
        JobAccepted accepted = backups.restore(id, request);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** Ops: the scheduled run now (every ACTIVE société backed up, retention, expired FINAL backups purged). */
    @PostMapping("/api/ops/backups/run")
    ResponseEntity<SocieteBackups.FleetJobAccepted> runScheduledBackups() {
        SocieteBackups.FleetJobAccepted accepted = backups.requestFleetJob(JobType.BACKUP_FLEET, "{}");
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** Ops: a restore drill now, of {@code sample} sociétés (the worker's setting when absent). */
    @PostMapping("/api/ops/backups/drills")
    ResponseEntity<SocieteBackups.FleetJobAccepted> drill(@RequestParam(required = false) @Min(1) @Max(1000) Integer sample) {
        SocieteBackups.FleetJobAccepted accepted = backups.requestFleetJob(JobType.DRILL_RESTORES,
                sample == null ? "{}" : "{\"sample\": " + sample + "}");
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }

    /** The dump as pg_restore reads it, streamed from the store; its SHA-256 in {@code X-Backup-SHA256}. */
    @GetMapping("/api/ops/backups/{id}/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id) {
        SocieteBackups.Download download = backups.download(id);
        StreamingResponseBody body = out -> {
            try (InputStream content = download.content()) {
                content.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(download.backup().sizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.backup().societeCode().toLowerCase() + "-" + download.backup().id() + ".dump")
                        .build().toString())
                .header("X-Backup-SHA256", download.backup().sha256())
                .body(body);
    }
}
