package com.topsteel.provisioning.contracts;

import java.util.UUID;

/**
 * The one command: run this job. {@code runId} names one run of the job: a command delivered
 * again carries the same run and is executed once; an operator's retry starts a new run. Everything
 * else the worker needs it reads from the job's record, so the command never disagrees with it.
 */
public record RunJob(UUID jobId, UUID runId, JobType type) {
}
