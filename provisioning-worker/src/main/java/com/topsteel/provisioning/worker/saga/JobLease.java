package com.topsteel.provisioning.worker.saga;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;

/**
 * At most one execution of a job at a time, whatever JobRunr does (a job taken over from a
 * worker believed dead that is in fact only slow): a PostgreSQL advisory lock on the job, held
 * on its own session for the whole attempt. A worker that dies loses its session, and the lock
 * with it, so a takeover is never blocked by the dead.
 */
@Component
public class JobLease {

    /** Held while open; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final PostgresSettings settings;

    JobLease(PostgresSettings settings) {
        this.settings = settings;
    }

    /** The lease, or empty when another execution holds it. */
    public Optional<Held> tryAcquire(UUID jobId) {
        SingleConnectionDataSource session = new SingleConnectionDataSource(settings.jdbcUrl(settings.authDatabase()),
                settings.username(), settings.password(), true);
        JdbcClient jdbc = JdbcClient.create(session);
        long key = jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
        boolean acquired;
        try {
            acquired = jdbc.sql("select pg_try_advisory_lock(:key)").param("key", key).query(Boolean.class).single();
        } catch (RuntimeException failure) {
            session.destroy();
            throw failure;
        }
        if (!acquired) {
            session.destroy();
            return Optional.empty();
        }
        return Optional.of(session::destroy);
    }
}
