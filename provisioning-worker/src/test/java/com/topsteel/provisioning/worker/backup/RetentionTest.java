package com.topsteel.provisioning.worker.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Saturday 15 June 2030, noon in Paris. */
    private static final Instant NOW = Instant.parse("2030-06-15T10:00:00Z");

    @Test
    void keeps_the_newest_of_each_of_the_last_days_and_weeks_and_prunes_the_rest() {
        List<String> newestFirst = List.of("2030-06-15T01:00:00Z", "2030-06-15T00:10:00Z", "2030-06-14T01:00:00Z",
                "2030-06-09T01:00:00Z", "2030-06-08T01:00:00Z", "2030-05-31T01:00:00Z", "2030-05-22T01:00:00Z",
                "2030-05-15T01:00:00Z");

        List<String> pruned = new Retention(7, 4, PARIS).toPrune(candidates(newestFirst), NOW);

        // June 15 twice: the older goes; June 8 shares its week with June 9; May 15 is five weeks back
        assertThat(pruned).containsExactly("2030-06-15T00:10:00Z", "2030-06-08T01:00:00Z", "2030-05-15T01:00:00Z");
    }

    @Test
    void a_day_is_the_schedule_s_day_not_utc_s() {
        // 23:30 UTC on June 14 is already June 15 in Paris: the same day as the newer one
        List<String> pruned = new Retention(7, 0, PARIS).toPrune(
                candidates(List.of("2030-06-15T01:00:00Z", "2030-06-14T23:30:00Z")), NOW);

        assertThat(pruned).containsExactly("2030-06-14T23:30:00Z");
    }

    @Test
    void the_newest_backup_is_kept_however_old() {
        List<String> pruned = new Retention(7, 4, PARIS).toPrune(
                candidates(List.of("2029-01-01T01:00:00Z", "2028-01-01T01:00:00Z")), NOW);

        assertThat(pruned).containsExactly("2028-01-01T01:00:00Z");
    }

    private static List<Retention.Candidate<String>> candidates(List<String> instants) {
        return instants.stream().map(at -> new Retention.Candidate<>(at, Instant.parse(at))).toList();
    }
}
