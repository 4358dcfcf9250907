package com.topsteel.provisioning.worker.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class StepFailuresTest {

    @Test
    void lost_connections_and_lock_timeouts_are_transient() {
        assertThat(StepFailures.isTransient(new CannotGetJdbcConnectionException("down", new SQLException("refused", "08001")))).isTrue();
        assertThat(StepFailures.isTransient(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        assertThat(StepFailures.isTransient(new CannotAcquireLockException("lock"))).isTrue();
        assertThat(StepFailures.isTransient(new RuntimeException(new SQLException("timeout", "57014")))).isTrue();
        assertThat(StepFailures.isTransient(new RuntimeException(new SQLException("template busy", "55006")))).isTrue();
    }

    @Test
    void migration_errors_and_constraint_violations_are_permanent() {
        assertThat(StepFailures.isTransient(new FlywayException("Migration V2 failed"))).isFalse();
        assertThat(StepFailures.isTransient(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(StepFailures.isTransient(new RuntimeException(new SQLException("syntax", "42601")))).isFalse();
    }

    @Test
    void explicit_kinds_say_so_themselves() {
        assertThat(StepFailures.isTransient(new TransientStepFailure("busy"))).isTrue();
        assertThat(StepFailures.isTransient(new PermanentStepFailure("conflict", new ConnectException()))).isFalse();
    }
}
