package com.topsteel.provisioning.worker.saga;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's job meters, tagged by job type, step and outcome only (never a job id or a
 * société code: their number is unbounded). {@link JobRecords} counts a transition only when
 * its guarded update changed the job, so a repeated attempt never counts twice.
 */
@Component
class JobMetrics {

    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    private final MeterRegistry registry;

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    void step(JobType type, String step, String outcome, Duration duration) {
        histogram("provisioning.step.duration", "One attempt of one saga step", Duration.ofMinutes(5),
                "type", type.name(), "step", step, "outcome", outcome).record(duration);
    }

    private void jobDuration(JobType type, String outcome, Duration sinceAccepted) {
        // retries and their backoff can stretch a job over minutes
        histogram("provisioning.job.duration", "From the job's acceptance by the gateway to its final status",
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
