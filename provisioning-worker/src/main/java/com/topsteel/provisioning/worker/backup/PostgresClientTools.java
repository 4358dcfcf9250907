package com.topsteel.provisioning.worker.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

/**
 * {@code pg_dump} and {@code pg_restore}, found and checked once at start: both present, and of a
 * major version at least the server's (an older pg_dump refuses a newer server). A worker without
 * them still starts; its health shows the {@code backup} component DOWN with the reason, and every
 * backup or restore fails with it.
 */
@Component("backup")
public class PostgresClientTools implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(PostgresClientTools.class);
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    private final BackupSettings settings;
    private final Optional<String> problem;

    PostgresClientTools(BackupSettings settings, JdbcClient auth) {
        this.settings = settings;
        int serverMajor = auth.sql("select current_setting('server_version_num')::int / 10000").query(Integer.class).single();
        this.problem = check(settings.pgDumpPath(), "provisioning.backups.pg-dump-path", serverMajor)
                .or(() -> check(settings.pgRestorePath(), "provisioning.backups.pg-restore-path", serverMajor));
        problem.ifPresentOrElse(reason -> log.error("Backups unavailable: {}", reason),
                () -> log.info("Backups with {} and {} (server {})", settings.pgDumpPath(), settings.pgRestorePath(), serverMajor));
    }

    String pgDump() {
        requireAvailable();
        return settings.pgDumpPath();
    }

    String pgRestore() {
        requireAvailable();
        return settings.pgRestorePath();
    }

    /** Fails the step, for good, with the reason found at start. */
    void requireAvailable() {
        problem.ifPresent(reason -> {
            throw new PermanentStepFailure("backups unavailable: " + reason);
        });
    }

    @Override
    public Health health() {
        return problem.map(reason -> Health.down().withDetail("reason", reason).build())
                .orElseGet(() -> Health.up().build());
    }

    private static Optional<String> check(String tool, String setting, int serverMajor) {
        String output;
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.of(tool + " --version failed: " + output);
            }
        } catch (IOException notFound) {
            return Optional.of(tool + " not found (install the PostgreSQL client, or set " + setting + "): "
                    + notFound.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(tool + " --version interrupted");
        }
        Matcher version = VERSION.matcher(output);
        if (!version.find()) {
            return Optional.of(tool + " does not say its version: " + output);
        }
        int major = Integer.parseInt(version.group(1));
        if (major < serverMajor) {
            return Optional.of(tool + " is version " + major + ", older than the PostgreSQL server (" + serverMajor
                    + "): install a client of version " + serverMajor + " or newer, or set " + setting);
        }
        return Optional.empty();
    }
}
