package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;

import org.springframework.format.annotation.DateTimeFormat;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;

/**
 * Which jobs a listing or a bulk retry takes; every criterion optional.
 *
 * @param societeCode the société's code, case-insensitively
 * @param from        jobs created at or after this instant (ISO-8601, e.g. {@code 2026-11-29T07:00:00Z})
 * @param to          jobs created before this instant
 */
public record JobSearch(
        JobStatus status,
        JobType type,
        String societeCode,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {

    public JobSearch withStatus(JobStatus only) {
        return new JobSearch(only, type, societeCode, from, to);
    }

    /**
     * An empty time range would match nothing: a mistake worth telling, as 400 naming {@code to}.
     * Checked by every query that takes a search, so no caller can forget it.
     */
    void requireTimeRange() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidFieldException("to", "must be after from");
        }
    }
}
