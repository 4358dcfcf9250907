package com.topsteel.provisioning.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.gateway.web.InvalidFieldException;

class JobSearchTest {

    private static JobSearch between(String from, String to) {
        return new JobSearch(null, null, null, null, from == null ? null : OffsetDateTime.parse(from),
                to == null ? null : OffsetDateTime.parse(to));
    }

    @Test
    void an_instant_postgresql_cannot_hold_is_refused_naming_its_field() {
        assertThatThrownBy(() -> between("+999999999-12-31T23:59:59Z", null).filter())
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(refused -> assertThat(((InvalidFieldException) refused).field()).isEqualTo("from"));
        assertThatThrownBy(() -> between(null, "-999999999-01-01T00:00:00Z").filter())
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(refused -> assertThat(((InvalidFieldException) refused).field()).isEqualTo("to"));
        assertThatThrownBy(() -> between("+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z").filter())
                .satisfies(refused -> assertThat(((InvalidFieldException) refused).field()).isEqualTo("from"));
    }

    @Test
    void postgresqls_own_limits_are_accepted() {
        assertThatNoException().isThrownBy(
                () -> between("-4713-11-24T00:00:00Z", "+294276-12-31T23:59:59.999999Z").filter());
    }

    @Test
    void an_empty_range_is_refused_naming_to() {
        assertThatThrownBy(() -> between("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z").filter())
                .satisfies(refused -> assertThat(((InvalidFieldException) refused).field()).isEqualTo("to"));
    }

    @Test
    void instants_are_kept_in_utc_so_an_offset_postgresql_refuses_never_reaches_it() {
        JobSearch search = between("2026-01-01T00:00:00+17:00", "2026-01-01T00:00:00-18:00");

        assertThat(search.from()).isEqualTo(OffsetDateTime.parse("2025-12-31T07:00:00Z"));
        assertThat(search.to().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(search.filter().from()).isEqualTo(search.from());
    }
}
