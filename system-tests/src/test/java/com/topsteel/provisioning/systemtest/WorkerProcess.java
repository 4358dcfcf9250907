package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A worker JVM started by a test, killed with SIGKILL or stopped when the test is done. */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(TestServices services, String... testArguments) {
        return start(services, Duration.ofSeconds(90), testArguments);
    }

    /** A worker that may take longer to start, e.g. several starting at once on a busy machine. */
    static WorkerProcess start(TestServices services, Duration startupTimeout, String... testArguments) {
        WorkerProcess worker = launch(services, testArguments);
        try {
            worker.awaitLogLine("WORKER READY", startupTimeout);
        } catch (AssertionError | RuntimeException notReady) {
            // never leave a process behind that would take later tests' commands
            worker.kill();
            throw notReady;
        }
        return worker;
    }

    /** Starts a worker that is expected to refuse to start; returns what it logged before exiting. */
    static String startExpectingRefusal(TestServices services, String... testArguments) {
        try (WorkerProcess worker = launch(services, testArguments)) {
            if (!worker.process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the worker process did not stop:\n" + worker.log());
            }
            if (worker.log().contains("WORKER READY")) {
                throw new AssertionError("the worker process started:\n" + worker.log());
            }
            return worker.log();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static WorkerProcess launch(TestServices services, String... testArguments) {
        try {
            Path log = TestLogs.newWorkerProcessLog();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    // a worker of a test lives seconds to a minute: C1 alone and one GC thread start it in
                    // about half the time on two busy cores (14 s against 33–39 s at load 20, same jar)
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"),
                    WorkerProcessMain.class.getName()));
            // one value per option: a repeated option would reach Spring as a list
            Map<String, String> settings = new java.util.LinkedHashMap<>(services.serviceProperties());
            settings.putAll(RunningSystem.WORKER_TEST_SETTINGS);
            settings.putAll(OtlpReceiver.get().exportSettings());
            for (String argument : testArguments) {
                int equals = argument.indexOf('=');
                settings.put(argument.substring(2, equals), argument.substring(equals + 1));
            }
            settings.forEach((key, value) -> command.add("--" + key + "=" + value));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new WorkerProcess(process, log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, exactly like a machine losing power. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitLogLine(String line, Duration timeout) {
        Eventually.await("worker process log line '" + line + "'", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker process stopped:\n" + log());
            }
            return log().contains(line);
        }, found -> found);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
