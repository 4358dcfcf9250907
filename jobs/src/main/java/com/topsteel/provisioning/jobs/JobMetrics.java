package com.topsteel.provisioning.jobs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.topsteel.provisioning.contracts.JobType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The job meters, tagged by job type, step and outcome only (never a job id or a société code:
 * their number is unbounded). Each is counted where the guarded update that makes the change
 * changed the job, so a repeated attempt never counts twice.
 */
public class JobMetrics {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final MeterRegistry registry;
    private final Map<JobType, Counter> accepted = new EnumMap<>(JobType.class);

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobType type : JobType.values()) {
            accepted.put(type, Counter.builder("provisioning.jobs.accepted").description("Job runs accepted")
                    .tag("type", type.name()).register(registry));
        }
    }

    /** A run accepted, new job or operator's retry: counted once the caller's transaction commits. */
    void acceptedOnCommit(JobType type) {
        Counter acceptedOfType = accepted.get(type);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                acceptedOfType.increment();
            }
        });
    }

    void succeeded(JobType type, Duration sinceAccepted) {
        count("provisioning.jobs.succeeded", "Jobs that ended SUCCEEDED", type);
        jobDuration(type, SUCCEEDED, sinceAccepted);
    }

    void failed(JobType type, Duration sinceAccepted) {
        count("provisioning.jobs.failed", "Jobs that ended FAILED", type);
        jobDuration(type, FAILED, sinceAccepted);
    }

    void retried(JobType type) {
        count("provisioning.jobs.retried", "Attempts that ended with a retry scheduled", type);
    }

    /** One attempt of one step, {@link #SUCCEEDED} or {@link #FAILED}. */
    public void step(JobType type, String step, String outcome, Duration duration) {
        histogram("provisioning.step.duration", "One attempt of one saga step", Duration.ofMinutes(5),
                "type", type.name(), "step", step, "outcome", outcome).record(duration);
    }

    private void jobDuration(JobType type, String outcome, Duration sinceAccepted) {
        // retries and their backoff can stretch a job over minutes
        histogram("provisioning.job.duration", "From the job's acceptance to its final status",
                Duration.ofHours(1), "type", type.name(), "outcome", outcome).record(sinceAccepted);
    }

    private Timer histogram(String name, String description, Duration longestExpected, String... tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .maximumExpectedValue(longestExpected)
                .register(registry);
    }

    private void count(String name, String description, JobType type) {
        Counter.builder(name).description(description).tag("type", type.name()).register(registry).increment();
    }
}
