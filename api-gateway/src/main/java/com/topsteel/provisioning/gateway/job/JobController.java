package com.topsteel.provisioning.gateway.job;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.infrastructure.secrets.DatabaseRoleVault;
import com.topsteel.provisioning.infrastructure.secrets.InitialPasswordVault;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.jobs.Viewer;

@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final JobListing jobs;
    private final JobRetry retry;
    private final InitialPasswordVault initialPasswords;
    private final DatabaseRoleVault databaseRoles;
    private final JobStatusStreams streams;

    JobController(JobListing jobs, JobRetry retry, InitialPasswordVault initialPasswords, DatabaseRoleVault databaseRoles,
            JobStatusStreams streams) {
        this.databaseRoles = databaseRoles;
        this.jobs = jobs;
        this.retry = retry;
        this.initialPasswords = initialPasswords;
        this.streams = streams;
    }

    /** The job's status changes as Server-Sent Events, from its current state until it ends. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id) {
        return streams.follow(jobs.find(id, CurrentCaller.viewer()).orElseThrow(() -> new NotFoundException("No job " + id)));
    }

    @PostMapping("/{id}/retry")
    ResponseEntity<JobAccepted> retry(@PathVariable UUID id) {
        JobAccepted accepted = retry.retry(id);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + id)).body(accepted);
    }

    /** A client sees its own jobs only (another's is as good as absent); an operator also gets generated passwords, once. */
    @GetMapping("/{id}")
    JobView job(@PathVariable UUID id) {
        Viewer viewer = CurrentCaller.viewer();
        JobView job = jobs.find(id, viewer).orElseThrow(() -> new NotFoundException("No job " + id));
        if (!(viewer instanceof Viewer.Ops) || job.status() != JobStatus.SUCCEEDED) {
            return job;
        }
        var revealed = initialPasswords.reveal(id);
        var role = databaseRoles.reveal(id);
        return revealed.isEmpty() && role.isEmpty() ? job : job.withSecrets(revealed, role.orElse(null));
    }

    @GetMapping
    PageOf<JobView> jobs(@ModelAttribute JobSearch search,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.page(search, CurrentCaller.viewer(), page, size);
    }
}
