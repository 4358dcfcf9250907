package com.topsteel.provisioning.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.gateway.job.JobRetry;
import com.topsteel.provisioning.gateway.job.JobSearch;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.JobFilter;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.Viewer;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NoCapacityException;
import com.topsteel.provisioning.gateway.web.UnprocessableFieldException;
import com.topsteel.provisioning.gateway.web.NotFoundException;

/**
 * Retries every FAILED job matching a filter, the oldest first, up to a limit. Each goes through
 * the operator's single retry, which locks the job and refuses one no longer FAILED: two bulk
 * retries racing, or a bulk retry racing a click, retry each job once.
 */
@Service
class BulkRetry {

    private static final Logger log = LoggerFactory.getLogger(BulkRetry.class);

    private final Jobs jobs;
    private final JobRetry retry;

    BulkRetry(Jobs jobs, JobRetry retry) {
        this.jobs = jobs;
        this.retry = retry;
    }

    OpsViews.BulkRetryOutcome retryFailed(JobSearch search, int limit, boolean dryRun) {
        JobFilter failed = search.filter().withStatus(JobStatus.FAILED);
        long matching = jobs.count(failed, Viewer.OPS);
        List<UUID> taken = jobs.oldestIds(failed, limit);
        if (dryRun) {
            return new OpsViews.BulkRetryOutcome(true, matching, limit, taken, 0, List.of());
        }
        List<OpsViews.SkippedJob> skipped = new ArrayList<>();
        for (UUID jobId : taken) {
            try {
                retry.retry(jobId);
            } catch (ConflictException | JobConflictException | NotFoundException | NoCapacityException
                    | UnprocessableFieldException notRetried) {
                // a provisioning placed again may find no server with room, or its named server gone
                skipped.add(new OpsViews.SkippedJob(jobId, notRetried.getMessage()));
            }
        }
        int retried = taken.size() - skipped.size();
        log.info("Bulk retry by {}: {} of {} FAILED jobs matching {} retried, {} skipped", CurrentCaller.name(), retried,
                matching, failed, skipped.size());
        return new OpsViews.BulkRetryOutcome(false, matching, limit, taken, retried, skipped);
    }
}
