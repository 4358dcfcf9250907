package com.topsteel.provisioning.gateway.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live job status as Server-Sent Events: the current state at once, then every change, until
 * the job ends. It reads the job's row, so it works whichever gateway instance a client reaches
 * and whichever worker runs the job.
 */
@Component
class JobStatusStreams implements DisposableBean {

    static final Duration POLL = Duration.ofMillis(250);
    static final Duration LONGEST_STREAM = Duration.ofMinutes(30);

    private final ProvisioningJobs jobs;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "job-status-stream");
        thread.setDaemon(true);
        return thread;
    });

    JobStatusStreams(ProvisioningJobs jobs) {
        this.jobs = jobs;
    }

    /** @param owner the requester whose job this must be, or null for an operator */
    SseEmitter follow(UUID jobId, String owner) {
        SseEmitter emitter = new SseEmitter(LONGEST_STREAM.toMillis());
        AtomicReference<String> lastSent = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        task.set(poller.scheduleWithFixedDelay(() -> {
            try {
                JobView job = jobs.findById(jobId, owner).orElse(null);
                if (job == null) {
                    emitter.complete();
                    return;
                }
                String version = job.status() + "@" + Objects.toString(job.updatedAt(), "") + "#" + stepsVersion(job);
                if (!version.equals(lastSent.getAndSet(version))) {
                    emitter.send(SseEmitter.event().name("job").id(version).data(job, MediaType.APPLICATION_JSON));
                }
                if (job.status().isFinished()) {
                    emitter.complete();
                    stop.run();
                }
            } catch (IOException | IllegalStateException clientGone) {
                stop.run();
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    /** Steps change while the job stays RUNNING: the stream shows them too. */
    private static String stepsVersion(JobView job) {
        return job.steps().stream()
                .map(step -> step.name() + ":" + step.status() + ":" + step.attempts())
                .reduce("", String::concat);
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
