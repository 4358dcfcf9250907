package com.topsteel.provisioning.gateway.ops;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.gateway.job.JobSearch;
import com.topsteel.provisioning.gateway.job.JobView;
import com.topsteel.provisioning.gateway.job.JobListing;
import com.topsteel.provisioning.jobs.Viewer;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.gateway.webhook.WebhookSubscriptions;

/** What the ops page does, for scripts too: search every job, look into one, retry the failed ones. OPS role only. */
@RestController
@RequestMapping("/api/ops")
class OpsController {

    private static final int DELIVERIES_SHOWN = 200;

    private final JobListing jobs;
    private final WebhookSubscriptions webhooks;
    private final BulkRetry bulkRetry;
    private final OpsSettings settings;
    private final WarmPool pool;

    OpsController(JobListing jobs, WebhookSubscriptions webhooks, BulkRetry bulkRetry, OpsSettings settings, WarmPool pool) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.bulkRetry = bulkRetry;
        this.settings = settings;
        this.pool = pool;
    }

    /** The warm pool per server: members ready, being created, claimed, and each of them. */
    @GetMapping("/pool")
    WarmPool.Pools pool() {
        return pool.read();
    }

    @GetMapping("/config")
    OpsViews.OpsConfig config() {
        return new OpsViews.OpsConfig(settings.jobrunrDashboardUrl().toString(), settings.bulkRetryLimit(),
                settings.traceUrlTemplate());
    }

    /** Every client's jobs, newest first. */
    @GetMapping("/jobs")
    PageOf<JobView> jobs(@ModelAttribute JobSearch search,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.page(search, Viewer.OPS, page, size);
    }

    /** Unlike {@code GET /api/jobs/{id}}, never reveals (and so never uses up) a job's initial passwords. */
    @GetMapping("/jobs/{id}")
    OpsViews.JobDetail job(@PathVariable UUID id) {
        JobView job = jobs.find(id, Viewer.OPS).orElseThrow(() -> new NotFoundException("No job " + id));
        return new OpsViews.JobDetail(job, webhooks.deliveriesOfJob(id, DELIVERIES_SHOWN));
    }

    /**
     * Retries the FAILED jobs matching the filter, oldest first, at most {@code limit}; with
     * {@code dryRun=true} only says how many match and which would be taken.
     */
    @PostMapping("/jobs/retry")
    OpsViews.BulkRetryOutcome retry(@ModelAttribute JobSearch search,
            @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestParam(required = false) @Min(1) Integer limit) {
        if (search.status() != null && search.status() != JobStatus.FAILED) {
            throw new InvalidFieldException("status", "only FAILED jobs are retried: leave status out or set it to FAILED");
        }
        int taken = limit == null ? settings.bulkRetryLimit() : limit;
        if (taken > settings.bulkRetryLimit()) {
            throw new InvalidFieldException("limit", "must be at most " + settings.bulkRetryLimit());
        }
        return bulkRetry.retryFailed(search, taken, dryRun);
    }
}
