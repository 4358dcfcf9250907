package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

import com.topsteel.provisioning.localstack.LocalPostgres;

/**
 * The fleet's second PostgreSQL server in the tests: an embedded PostgreSQL 15 (local-stack's,
 * binaries from Maven artifacts) on a free port, started once per test JVM and stopped, its data
 * removed, when the JVM's tests are done. Every service of the run is configured with it; it is
 * registered DISABLED ({@link RunningSystem}), so only the tests that open it place tenants there.
 */
final class SecondServer implements AutoCloseable {

    static final String NAME = "second";
    private static final Logger log = LoggerFactory.getLogger(SecondServer.class);

    private final LocalPostgres postgres;
    private final Path directory;

    private SecondServer(LocalPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    static SecondServer start(String runId) {
        try {
            Path directory = Files.createTempDirectory("system-tests-" + runId + "-second-");
            long start = System.nanoTime();
            LocalPostgres postgres = LocalPostgres.start(0, directory.resolve("postgres"));
            log.info("Second PostgreSQL server on port {} started in {} ms", postgres.port(),
                    (System.nanoTime() - start) / 1_000_000);
            return new SecondServer(postgres, directory);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the second PostgreSQL server", e);
        }
    }

    int port() {
        return postgres.port();
    }

    Map<String, String> serviceProperties() {
        return Map.of("provisioning.database-servers[0].name", NAME,
                "provisioning.database-servers[0].host", "127.0.0.1",
                "provisioning.database-servers[0].port", String.valueOf(port()),
                "provisioning.database-servers[0].username", LocalPostgres.USERNAME);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    JdbcClient in(String database) {
        return JdbcClient.create(new SimpleDriverDataSource(new Driver(), jdbcUrl(database), LocalPostgres.USERNAME, ""));
    }

    boolean exists(String database) {
        return in("postgres").sql("select exists (select 1 from pg_database where datname = :name)")
                .param("name", database).query(Boolean.class).single();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Could not stop the second PostgreSQL server or remove {}: {}", directory, e.getMessage());
        }
    }
}
