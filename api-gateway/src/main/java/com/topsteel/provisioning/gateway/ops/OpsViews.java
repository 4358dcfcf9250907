package com.topsteel.provisioning.gateway.ops;

import java.util.List;
import java.util.UUID;

import com.topsteel.provisioning.gateway.job.JobView;
import com.topsteel.provisioning.gateway.webhook.WebhookViews;

/** What the ops API answers. */
final class OpsViews {

    private OpsViews() {
    }

    /**
     * What the ops page needs besides the jobs: where the engine-level view is, how much one bulk
     * retry takes, where a job's trace is shown ({@code {traceId}} replaced; empty for no link).
     */
    record OpsConfig(String jobrunrDashboardUrl, int bulkRetryLimit, String traceUrlTemplate) {
    }

    /** A job with its steps, and what its events became for the webhook subscribers. */
    record JobDetail(JobView job, List<WebhookViews.Delivery> webhookDeliveries) {
    }

    /**
     * @param matching FAILED jobs matching the filter now
     * @param jobIds   those this retry takes (or would take, in a dry run): the oldest, at most {@code limit}
     * @param retried  how many were put back to QUEUED; 0 in a dry run
     * @param skipped  taken but not retried, with why (retried meanwhile by someone else, code taken since…)
     */
    record BulkRetryOutcome(boolean dryRun, long matching, int limit, List<UUID> jobIds, int retried,
            List<SkippedJob> skipped) {
    }

    record SkippedJob(UUID jobId, String reason) {
    }
}
