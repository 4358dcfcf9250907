package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class StorableTimestampTest {

    @Test
    void postgresqls_first_and_last_instants_are_storable() {
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("-4713-11-24T00:00:00Z"))).isTrue();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("+294276-12-31T23:59:59.999999Z"))).isTrue();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("2026-11-29T07:00:00+01:00"))).isTrue();
    }

    @Test
    void an_instant_before_4714_BC_or_after_294276_AD_is_not() {
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("-4713-11-23T23:59:59.999999Z"))).isFalse();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("+294277-01-01T00:00:00Z"))).isFalse();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("+999999999-12-31T23:59:59Z"))).isFalse();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.MIN)).isFalse();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.MAX)).isFalse();
    }

    @Test
    void the_offset_counts_the_last_instant_in_utc_one_hour_east_is_storable_one_hour_west_is_not() {
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("+294277-01-01T00:30:00+01:00"))).isTrue();
        assertThat(StorableTimestamp.isStorable(OffsetDateTime.parse("+294276-12-31T23:30:00-01:00"))).isFalse();
    }
}
