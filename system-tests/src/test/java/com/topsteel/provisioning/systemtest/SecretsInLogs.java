package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Once every test has run, reads every log line the run's services wrote (the in-JVM system and
 * each worker process) and looks for the secrets the run configured or produced: API keys, the
 * secrets key, the dashboard password, the seed's default passwords, any webhook signing secret.
 * Findings name the file, line and kind of secret — never the secret — in
 * {@code target/secrets-in-logs.txt}, whose existence fails the build (see the enforcer rule in
 * this module's pom), whichever test engine ran last.
 */
public class SecretsInLogs implements TestExecutionListener {

    static final Path REPORT = TestLogs.DIRECTORY.getParent().resolve("secrets-in-logs.txt");

    /** What must never be logged, by the name a finding gives it. */
    static final Map<String, String> SECRETS = Map.of(
            "the development client API key", Api.CLIENT_KEY,
            "the development ops API key", Api.OPS_KEY,
            "another client's API key", Api.OTHER_CLIENT_KEY,
            "a tsk_ API key", TskApiKeyTest.TSK_CLIENT_KEY,
            "the secrets key", RunningSystem.SECRETS_KEY,
            "the JobRunr dashboard password", SecurityTest.DASHBOARD_PASSWORD,
            "the seed's admin password", "Admin123!",
            "the seed's user password", "User123!",
            "a webhook signing secret", "whsec_");

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            Files.deleteIfExists(REPORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<String> findings = scan(TestLogs.DIRECTORY);
        if (findings.isEmpty()) {
            return;
        }
        try {
            Files.write(REPORT, findings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println(findings.size() + " log line(s) hold a secret: see " + REPORT);
    }

    /** Every line of every log file under {@code directory} that holds a secret, as {@code file:line: kind}. */
    static List<String> scan(Path directory) {
        List<String> findings = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return findings;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int number = 0; number < lines.size(); number++) {
                    String line = lines.get(number);
                    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
                        if (line.contains(secret.getValue())) {
                            findings.add(file.getFileName() + ":" + (number + 1) + ": " + secret.getKey());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }
}
