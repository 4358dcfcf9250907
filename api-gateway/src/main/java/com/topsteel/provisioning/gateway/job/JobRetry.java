package com.topsteel.provisioning.gateway.job;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.Jobs;

/** An operator's retry: a FAILED job runs again from a clean state, as a new run. */
@Service
public class JobRetry {

    private static final Logger log = LoggerFactory.getLogger(JobRetry.class);

    private final Jobs jobs;
    private final Map<JobType, BeforeRequeue> preparations = new EnumMap<>(JobType.class);

    JobRetry(Jobs jobs, List<BeforeRequeue> preparations) {
        this.jobs = jobs;
        preparations.forEach(preparation -> this.preparations.put(preparation.type(), preparation));
    }

    /**
     * @throws NotFoundException for an unknown job
     * @throws com.topsteel.provisioning.jobs.JobConflictException when the job is not FAILED (already retried, say)
     * @throws com.topsteel.provisioning.gateway.web.ConflictException when what it needs cannot be put back
     */
    @Transactional
    public JobAccepted retry(UUID jobId) {
        Job job = jobs.lock(jobId).orElseThrow(() -> new NotFoundException("No job " + jobId));
        try (var logContext = JobLogContext.of(jobId, job.type(), job.tenant().code())) {
            // undone with the transaction when the requeue is refused (a job that is not FAILED)
            BeforeRequeue preparation = preparations.get(job.type());
            if (preparation != null) {
                preparation.prepare(job);
            }
            Job requeued = jobs.requeue(job);
            log.info("Job {} ({}) of société {} retried by an operator as run {}", jobId, job.type(),
                    job.tenant().code(), requeued.runId());
            return JobAccepted.of(requeued, "Le job " + jobId + " est relancé");
        }
    }
}
