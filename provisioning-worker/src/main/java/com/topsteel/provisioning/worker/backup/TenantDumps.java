package com.topsteel.provisioning.worker.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.backups.BackupObjectMissingException;
import com.topsteel.provisioning.infrastructure.backups.BackupStore;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.infrastructure.postgres.SqlIdentifier;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantMigrations;

/**
 * {@code pg_dump -Fc} of a tenant database streamed into the store through a SHA-256 digest, and
 * {@code pg_restore} of a stored dump streamed back out of it; never a whole dump in memory. A dump
 * is taken in a snapshot exported by a transaction that also counts every table's rows and reads the
 * schema version, so what the record says is exactly what the dump holds.
 */
@Component
public class TenantDumps {

    /** What a finished dump holds. */
    public record Dump(long sizeBytes, String sha256, String schemaVersion, Map<String, Long> rowCounts) {
    }

    private static final int STDERR_KEPT = 4000;

    private final PostgresClientTools tools;
    private final BackupStore store;

    TenantDumps(PostgresClientTools tools, BackupStore store) {
        this.tools = tools;
        this.store = store;
    }

    /**
     * Dumps the database of {@code server} under {@code key}; the key shows an object only once the
     * dump is whole and pg_dump succeeded.
     */
    public Dump dump(PostgresServer server, String database, String key) {
        String pgDump = tools.pgDump();
        PostgresSettings settings = server.settings();
        try (Connection snapshot = server.dataSource(SqlIdentifier.requireValid(database)).getConnection()) {
            Snapshot seen = export(snapshot);
            String snapshotId = seen.id();
            Map<String, Long> rowCounts = seen.rowCounts();
            String schemaVersion = seen.schemaVersion();
            Process process = start(List.of(pgDump, "--format=custom", "--no-password", "--host=" + settings.host(),
                    "--port=" + settings.port(), "--username=" + settings.username(), "--snapshot=" + snapshotId,
                        "--dbname=" + database), settings, false);
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            MessageDigest sha256 = sha256();
            long size;
            try (InputStream dump = new DigestInputStream(process.getInputStream(), sha256)) {
                size = store.put(key, dump);
            } catch (IOException | RuntimeException storeFailed) {
                process.destroyForcibly();
                throw storeFailed;
            }
            int exit = waitFor(process);
            snapshot.commit();
            if (exit != 0) {
                store.delete(key);
                throw new PermanentStepFailure("pg_dump of " + database + " failed (exit " + exit + "): " + stderr.join());
            }
            return new Dump(size, HexFormat.of().formatHex(sha256.digest()), schemaVersion, rowCounts);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("dump of " + database + " to " + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the whole stored dump and compares its size and SHA-256 with the record: a mismatch (or a
     * missing object) fails the job for good, before anything is changed.
     */
    public void verify(Backup backup) {
        MessageDigest sha256 = sha256();
        long size;
        try (InputStream in = new DigestInputStream(store.open(backup.storageKey()), sha256)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        } catch (BackupObjectMissingException missing) {
            throw new PermanentStepFailure("backup " + backup.id() + " is not in the store: " + missing.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading backup " + backup.id() + " failed: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(backup.sha256()) || (backup.sizeBytes() != null && size != backup.sizeBytes())) {
            throw new PermanentStepFailure("backup " + backup.id() + " does not match its record: SHA-256 " + actual
                    + " (" + size + " bytes), recorded " + backup.sha256() + " (" + backup.sizeBytes()
                    + " bytes); nothing was restored");
        }
    }

    /**
     * pg_restore of the stored dump into an existing, empty database of {@code server}; the stream is
     * checked against the record again.
     */
    public void restoreInto(Backup backup, PostgresServer server, String database) {
        String pgRestore = tools.pgRestore();
        PostgresSettings settings = server.settings();
        // one transaction: one commit (one WAL flush) instead of one per object restored
        Process process = start(List.of(pgRestore, "--no-owner", "--no-privileges", "--single-transaction", "--no-password",
                "--host=" + settings.host(), "--port=" + settings.port(), "--username=" + settings.username(),
                "--dbname=" + SqlIdentifier.requireValid(database)), settings, true);
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        MessageDigest sha256 = sha256();
        try (InputStream dump = new DigestInputStream(store.open(backup.storageKey()), sha256);
                OutputStream toRestore = process.getOutputStream()) {
            dump.transferTo(toRestore);
        } catch (IOException e) {
            // pg_restore stopping early closes its input: its own error says why
            process.destroyForcibly();
            int exit = waitFor(process);
            throw new PermanentStepFailure("pg_restore into " + database + " failed (exit " + exit + "): " + stderr.join()
                    + " (" + e.getMessage() + ")");
        }
        int exit = waitFor(process);
        if (exit != 0) {
            throw new PermanentStepFailure("pg_restore into " + database + " failed (exit " + exit + "): " + stderr.join());
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(backup.sha256())) {
            throw new PermanentStepFailure("backup " + backup.id() + " changed in the store while it was restored");
        }
    }

    /** What a restored database holds, to compare with its backup's record. */
    public Dump contentsOf(PostgresServer server, String database) {
        try (Connection connection = server.dataSource(SqlIdentifier.requireValid(database)).getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            JdbcClient client = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Dump contents = new Dump(0, null, TenantMigrations.installedVersion(client).orElse(null), rowCounts(client));
            connection.commit();
            return contents;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Why the restored database differs from the backup's record (schema version, rows per table),
     * or empty when it matches.
     */
    public Optional<String> differencesFrom(Backup backup, PostgresServer server, String database) {
        return differences(backup.schemaVersion(), backup.rowCounts(), contentsOf(server, database));
    }

    /** Why {@code actual} differs from what was expected (a null expectation is not checked), or empty when it matches. */
    public static Optional<String> differences(String schemaVersion, Map<String, Long> rowCounts, Dump actual) {
        if (schemaVersion != null && !schemaVersion.equals(actual.schemaVersion())) {
            return Optional.of("schema version " + actual.schemaVersion() + ", expected " + schemaVersion);
        }
        if (rowCounts != null && !rowCounts.equals(actual.rowCounts())) {
            return Optional.of("rows per table " + actual.rowCounts() + ", expected " + rowCounts);
        }
        return Optional.empty();
    }

    /**
     * {@code pg_dump -Fc} of {@code database} on {@code source} piped straight into {@code pg_restore}
     * of the empty database {@code into} on {@code target}: nothing is written to disk or held whole
     * in memory. The dump is taken in a snapshot whose schema version and rows per table are returned.
     */
    public Dump copy(PostgresServer source, String database, PostgresServer target, String into) {
        PostgresSettings from = source.settings();
        PostgresSettings to = target.settings();
        try (Connection snapshot = source.dataSource(SqlIdentifier.requireValid(database)).getConnection()) {
            Snapshot seen = export(snapshot);
            Process dump = start(List.of(tools.pgDump(), "--format=custom", "--no-password", "--host=" + from.host(),
                    "--port=" + from.port(), "--username=" + from.username(), "--snapshot=" + seen.id(),
                    "--dbname=" + database), from, false);
            Process restore = start(List.of(tools.pgRestore(), "--no-owner", "--no-privileges", "--exit-on-error",
                    "--no-password", "--host=" + to.host(), "--port=" + to.port(), "--username=" + to.username(),
                    "--dbname=" + SqlIdentifier.requireValid(into)), to, true);
            CompletableFuture<String> dumpErrors = drain(dump.getErrorStream());
            CompletableFuture<String> restoreErrors = drain(restore.getErrorStream());
            try (InputStream out = dump.getInputStream(); OutputStream in = restore.getOutputStream()) {
                out.transferTo(in);
            } catch (IOException pipeBroken) {
                // one side stopped early: its exit code and its errors say why
                dump.destroyForcibly();
            }
            int dumped = waitFor(dump);
            int restored = waitFor(restore);
            snapshot.commit();
            if (dumped != 0 || restored != 0) {
                throw new PermanentStepFailure("copy of " + database + " (server " + source.name() + ") into " + into
                        + " (server " + target.name() + ") failed: pg_dump exit " + dumped + " " + dumpErrors.join()
                        + "; pg_restore exit " + restored + " " + restoreErrors.join());
            }
            return new Dump(0, null, seen.schemaVersion(), seen.rowCounts());
        } catch (SQLException e) {
            throw new IllegalStateException("copy of " + database + " into " + into + " failed: " + e.getMessage(), e);
        }
    }

    /** A snapshot exported by the connection's open transaction, and what it sees: what a dump taken in it holds. */
    private record Snapshot(String id, String schemaVersion, Map<String, Long> rowCounts) {
    }

    private static Snapshot export(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        JdbcClient inSnapshot = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        String id = inSnapshot.sql("select pg_export_snapshot()").query(String.class).single();
        Map<String, Long> rowCounts = rowCounts(inSnapshot);
        return new Snapshot(id, TenantMigrations.installedVersion(inSnapshot).orElse(null), rowCounts);
    }

    /** Every table's rows, counted in one round trip (query_to_xml runs each count in the caller's snapshot). */
    private static Map<String, Long> rowCounts(JdbcClient database) {
        Map<String, Long> counts = new LinkedHashMap<>();
        database.sql("""
                select format('%I.%I', table_schema, table_name) as name,
                       (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name),
                                                            false, true, '')))[1]::text::bigint as row_count
                from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                order by 1""")
                .query(rs -> {
                    counts.put(rs.getString("name"), rs.getLong("row_count"));
                });
        return counts;
    }

    private static Process start(List<String> command, PostgresSettings server, boolean discardOutput) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (discardOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        String password = server.password();
        if (password != null && !password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new PermanentStepFailure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Reads a process's stream to its end on another thread, keeping its first few thousand characters. */
    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) >= 0) {
                    int room = STDERR_KEPT - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, read));
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
            return kept.toString(StandardCharsets.UTF_8).strip();
        }, task -> {
            // a thread of its own: the common pool may have a single thread on a small machine
            Thread reader = new Thread(task, "pg-client-output");
            reader.setDaemon(true);
            reader.start();
        });
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new PermanentStepFailure(process.info().command().orElse("process") + " did not end within 6 hours");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
