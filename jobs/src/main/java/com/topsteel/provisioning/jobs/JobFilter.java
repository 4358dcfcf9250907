package com.topsteel.provisioning.jobs;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;

/**
 * Which jobs a listing or a bulk retry takes; every criterion optional (null).
 *
 * @param societeId   the société's id: unlike its code, never shared with an earlier société of that code
 * @param societeCode the société's code, case-insensitively
 * @param from        created at or after this instant
 * @param to          created before this instant
 */
public record JobFilter(JobStatus status, JobType type, UUID societeId, String societeCode, OffsetDateTime from,
        OffsetDateTime to) {

    public static final JobFilter ALL = new JobFilter(null, null, null, null, null, null);

    public JobFilter withStatus(JobStatus only) {
        return new JobFilter(only, type, societeId, societeCode, from, to);
    }
}
