package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the services under test write their logs: files under {@code target/test-logs}, so the
 * console shows Maven's and the tests' progress, and a failing test names the file to read.
 */
final class TestLogs {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "test-logs").toAbsolutePath();

    /** The in-JVM worker and gateway of {@link RunningSystem}. */
    static final Path SYSTEM_LOG = DIRECTORY.resolve("system.log");

    private TestLogs() {
    }

    /** A new file for a worker process started by a test. */
    static Path newWorkerProcessLog() {
        try {
            Files.createDirectories(DIRECTORY);
            return Files.createTempFile(DIRECTORY, "worker-process-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
