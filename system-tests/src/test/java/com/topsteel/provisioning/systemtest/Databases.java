package com.topsteel.provisioning.systemtest;

import java.time.Duration;

import org.postgresql.Driver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Direct SQL access for assertions: what really is in the databases, not what the API says. */
final class Databases {

    private final TestServices services;

    Databases(TestServices services) {
        this.services = services;
    }

    JdbcClient auth() {
        return in(services.authDatabase);
    }

    JdbcClient shared() {
        return in(services.sharedDatabase);
    }

    JdbcClient in(String database) {
        TestServices.Postgres postgres = services.postgres;
        return JdbcClient.create(new SimpleDriverDataSource(new Driver(), postgres.jdbcUrl(database), postgres.username(),
                postgres.password()));
    }

    boolean exists(String database) {
        return in("postgres").sql("select exists (select 1 from pg_database where datname = :name)")
                .param("name", database)
                .query(Boolean.class)
                .single();
    }

    long count(String sql) {
        return auth().sql(sql).query(Long.class).single();
    }

    /** Until the outbox relay has handed the job's command to the broker. */
    void awaitPublished(String jobId, Duration timeout) {
        Eventually.await("command of job " + jobId + " published", timeout,
                () -> count("select count(*) from provisioning.outbox where published_at is not null and payload like '%"
                        + jobId + "%'"),
                published -> published > 0);
    }

    void awaitNoActiveJob(Duration timeout) {
        Eventually.await("no active job", timeout,
                () -> count("select count(*) from provisioning.jobs where status in ('QUEUED', 'RUNNING', 'RETRYING')"),
                active -> active == 0);
    }
}
