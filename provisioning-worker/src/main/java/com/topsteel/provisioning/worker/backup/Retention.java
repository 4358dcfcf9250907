package com.topsteel.provisioning.worker.backup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of one société's backups retention keeps: the newest of each of the last {@code keepDaily}
 * days and of each of the last {@code keepWeekly} weeks (Monday to Sunday), counted back from today in
 * the schedule's time zone, and always the newest of all, however old (a société whose backups stopped
 * keeps its last one).
 */
record Retention(int keepDaily, int keepWeekly, ZoneId zone) {

    /** A backup as retention sees it. */
    record Candidate<T>(T backup, Instant takenAt) {
    }

    /** @param newestFirst one société's SUCCEEDED backups, newest first */
    <T> List<T> toPrune(List<Candidate<T>> newestFirst, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate firstKeptDay = today.minusDays(keepDaily - 1L);
        LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstKeptWeek = thisWeek.minusWeeks(Math.max(keepWeekly - 1L, 0));
        Set<LocalDate> daysKept = new HashSet<>();
        Set<LocalDate> weeksKept = new HashSet<>();
        List<T> pruned = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Candidate<T> candidate = newestFirst.get(i);
            LocalDate day = LocalDate.ofInstant(candidate.takenAt(), zone);
            LocalDate week = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            boolean keptForDay = !day.isBefore(firstKeptDay) && !day.isAfter(today) && daysKept.add(day);
            boolean keptForWeek = keepWeekly > 0 && !week.isBefore(firstKeptWeek) && !week.isAfter(thisWeek)
                    && weeksKept.add(week);
            if (i > 0 && !keptForDay && !keptForWeek) {
                pruned.add(candidate.backup());
            }
        }
        return pruned;
    }
}
