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
    private final JdbcClient auth;

    JobLease(PostgresSettings settings, JdbcClient auth) {
        this.settings = settings;
        this.auth = auth;
    }

    /**
     * Whether an attempt holds the job's lease now, read from {@code pg_locks} without taking it:
     * a probe that took it for a moment could make a first attempt stand down.
     */
    public boolean isHeld(UUID jobId) {
        long key = keyOf(jobId);
        // pg_locks shows a bigint advisory key as its high and low 32 bits
        return auth.sql("""
                        select exists (select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 1
                            and database = (select oid from pg_database where datname = current_database())
                            and classid = cast(cast(:high as bigint) as oid) and objid = cast(cast(:low as bigint) as oid))""")
                .param("high", key >>> 32)
                .param("low", key & 0xffffffffL)
                .query(Boolean.class)
                .single();
    }

    private static long keyOf(UUID jobId) {
        return jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
    }

    /** The lease, or empty when another execution holds it. */
    public Optional<Held> tryAcquire(UUID jobId) {
        SingleConnectionDataSource session = new SingleConnectionDataSource(settings.jdbcUrl(settings.authDatabase()),
                settings.username(), settings.password(), true);
        JdbcClient jdbc = JdbcClient.create(session);
        long key = keyOf(jobId);
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
