package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.StorableTimestamp;
import com.topsteel.provisioning.jobs.JobFilter;

/**
 * Which jobs a listing or a bulk retry takes; every criterion optional.
 *
 * @param societeId   the société's id (its jobs only, not those of an earlier société of the same code)
 * @param societeCode the société's code, case-insensitively
 * @param from        jobs created at or after this instant (ISO-8601, e.g. {@code 2026-11-29T07:00:00Z})
 * @param to          jobs created before this instant
 */
public record JobSearch(
        JobStatus status,
        JobType type,
        UUID societeId,
        String societeCode,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {

    /**
     * Instants kept in UTC: Java takes offsets up to ±18:00, PostgreSQL refuses those beyond ±15:59.
     * One PostgreSQL cannot hold is kept as given, for {@link #requireTimeRange()} to refuse.
     */
    public JobSearch {
        from = inUtc(from);
        to = inUtc(to);
    }

    private static OffsetDateTime inUtc(OffsetDateTime instant) {
        return instant == null || !StorableTimestamp.isStorable(instant) ? instant
                : instant.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * The filter this search asks for. An instant PostgreSQL cannot compare, or an empty time range
     * (it would match nothing), is a mistake worth telling, as 400 naming the field: every query
     * takes its filter from here, so none can skip the check.
     */
    public JobFilter filter() {
        requireStorable("from", from);
        requireStorable("to", to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        return new JobFilter(status, type, societeId, societeCode, from, to);
    }

    private static void requireStorable(String field, OffsetDateTime instant) {
        if (instant != null && !StorableTimestamp.isStorable(instant)) {
            throw new InvalidFieldException(field, StorableTimestamp.PROBLEM);
        }
    }
}
