package com.topsteel.provisioning.gateway.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.topsteel.provisioning.gateway.web.ServiceBusyException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Live job status as Server-Sent Events: the current state at once, then every change, until
 * the job ends. Changes come from the gateway's one {@link JobChangeFeed}, read once per change
 * whatever the number of streams following the job; no stream queries the database. A stream
 * whose client has gone is dropped at the first write that fails — a comment is written every
 * {@code heartbeat} for that — and a stream never outlives {@code longest}.
 */
@Component
class JobStatusStreams implements DisposableBean {

    /**
     * @param maxStreams most streams one gateway keeps open at once; more are refused with 503
     * @param heartbeat  how often an idle stream gets a comment, which finds clients that have gone
     * @param longest    longest a stream stays open, whatever its job does
     */
    @ConfigurationProperties("provisioning.job-streams")
    record Settings(@DefaultValue("2000") int maxStreams, @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("30m") Duration longest) {
    }

    private final Settings settings;
    private final JobChangeFeed feed;
    private final Map<UUID, Set<Stream>> streamsByJob = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Writes to clients: a slow client holds one of these, never the feed. */
    private final ExecutorService writers = Executors.newFixedThreadPool(4, daemon("job-status-stream"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("job-status-heartbeat"));

    JobStatusStreams(Settings settings, JobChangeFeed feed, MeterRegistry meters) {
        this.settings = settings;
        this.feed = feed;
        Gauge.builder("provisioning.job.streams.open", open, AtomicInteger::get)
                .description("Server-Sent Event streams of job status open on this gateway")
                .register(meters);
        feed.deliverTo(streamsByJob::keySet, this::publish);
        heartbeats.scheduleWithFixedDelay(this::beat, settings.heartbeat().toMillis(), settings.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Follows a job the caller may see, starting from its state as just read.
     *
     * @throws ServiceBusyException when this gateway already holds its most streams
     */
    SseEmitter follow(JobView current) {
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            throw new ServiceBusyException("Too many job status streams are open on this gateway; poll GET /api/jobs/"
                    + current.id() + " or try again later");
        }
        Stream stream = new Stream(current.id(), new SseEmitter(settings.longest().toMillis()));
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(error -> stream.close());
        streamsByJob.computeIfAbsent(current.id(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        stream.offer(current);
        // a change committed between that read and this stream's registration would go unseen
        feed.refresh(current.id());
        return stream.emitter;
    }

    private void publish(JobView job) {
        Set<Stream> following = streamsByJob.get(job.id());
        if (following != null) {
            following.forEach(stream -> stream.offer(job));
        }
    }

    private void beat() {
        streamsByJob.values().forEach(streams -> streams.forEach(Stream::heartbeat));
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        writers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One client's stream. States offered while a write is under way are folded into the latest
     * one, so a slow client gets fewer events, never a growing queue.
     */
    private final class Stream {

        final UUID jobId;
        final SseEmitter emitter;
        private final AtomicReference<JobView> pending = new AtomicReference<>();
        private final AtomicBoolean heartbeatDue = new AtomicBoolean();
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private String lastSent;

        Stream(UUID jobId, SseEmitter emitter) {
            this.jobId = jobId;
            this.emitter = emitter;
        }

        void offer(JobView job) {
            pending.set(job);
            scheduleWrite();
        }

        void heartbeat() {
            heartbeatDue.set(true);
            scheduleWrite();
        }

        private void scheduleWrite() {
            if (!closed.get() && writing.compareAndSet(false, true)) {
                try {
                    writers.execute(this::write);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    close();
                }
            }
        }

        private void write() {
            try {
                JobView job;
                while (!closed.get() && ((job = pending.getAndSet(null)) != null || heartbeatDue.get())) {
                    if (job != null) {
                        send(job);
                    } else {
                        heartbeatDue.set(false);
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                    }
                }
            } catch (IOException | IllegalStateException clientGone) {
                close();
            } finally {
                writing.set(false);
            }
            if (!closed.get() && (pending.get() != null || heartbeatDue.get())) {
                scheduleWrite();
            }
        }

        private void send(JobView job) throws IOException {
            String version = job.status() + "@" + Objects.toString(job.updatedAt(), "") + "#" + stepsVersion(job);
            if (!version.equals(lastSent)) {
                lastSent = version;
                emitter.send(SseEmitter.event().name("job").id(version).data(job, MediaType.APPLICATION_JSON));
            }
            if (job.status().isFinished()) {
                emitter.complete();
                close();
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                streamsByJob.computeIfPresent(jobId, (id, streams) -> {
                    streams.remove(this);
                    return streams.isEmpty() ? null : streams;
                });
            }
        }
    }

    /** Steps change while the job stays RUNNING: the stream shows them too. */
    private static String stepsVersion(JobView job) {
        StringBuilder version = new StringBuilder();
        job.steps().forEach(step -> version.append(step.name()).append(':').append(step.status()).append(':')
                .append(step.attempts()).append(';'));
        return version.toString();
    }
}
