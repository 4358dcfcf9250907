package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The gateway under the load a UI polling job status puts on it: readers hold one database
 * connection each, never two; live streams cost one connection per gateway, not a query per
 * stream; health and the outbox relay keep working throughout.
 */
class GatewayUnderLoadTest extends SystemTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    /** The API pool, the relay's own pool and the job change feed (api-gateway.yml, OutboxRelay, JobChangeFeed). */
    private static final int GATEWAY_CONNECTIONS = 10 + 2 + 1;

    @Test
    void two_hundred_concurrent_pollers_are_each_answered_within_two_seconds_while_health_answers_and_commands_go_out()
            throws Exception {
        String jobId = provisionAndFinish("POLLED");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest poll = authorized(system.baseUrl() + "/api/jobs/" + jobId);

        try (Watch health = Watch.health(); Watch connections = Watch.gatewayConnections()) {
            ExecutorService pollers = Executors.newFixedThreadPool(200);
            List<Future<long[]>> results = new ArrayList<>();
            for (int poller = 0; poller < 200; poller++) {
                results.add(pollers.submit(() -> {
                    long slowest = 0;
                    long notOk = 0;
                    for (int round = 0; round < 5; round++) {
                        long start = System.nanoTime();
                        HttpResponse<String> answer = http.send(poll, HttpResponse.BodyHandlers.ofString());
                        slowest = Math.max(slowest, System.nanoTime() - start);
                        notOk += answer.statusCode() == 200 ? 0 : 1;
                    }
                    return new long[] {slowest, notOk};
                }));
            }
            List<String> queuedMeanwhile = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queuedMeanwhile.add(api.provision(ProvisionTenantTest.body("Pendant la charge",
                        ProvisionTenantTest.uniqueCode("BUSY"))).body().path("jobId").asString());
            }
            for (String queued : queuedMeanwhile) {
                db.awaitPublished(queued, Duration.ofSeconds(5));
            }
            long slowest = 0;
            long failed = 0;
            for (Future<long[]> result : results) {
                long[] outcome = result.get(60, TimeUnit.SECONDS);
                slowest = Math.max(slowest, outcome[0]);
                failed += outcome[1];
            }
            pollers.shutdown();

            assertThat(failed).as("answers other than 200").isZero();
            assertThat(Duration.ofNanos(slowest)).as("slowest of 1000 answers").isLessThan(ANSWER_WITHIN);
            health.assertAnsweredWithin(ANSWER_WITHIN);
            connections.assertAtMost(GATEWAY_CONNECTIONS);
            for (String queued : queuedMeanwhile) {
                api.awaitFinished(queued, Duration.ofSeconds(90));
            }
        }
    }

    @Test
    void five_hundred_streams_add_no_query_per_stream_and_each_ends_with_its_job() throws Exception {
        system.pauseWorker();
        List<Stream> streams = new ArrayList<>();
        String jobId;
        try (Watch health = Watch.health(); Watch connections = Watch.gatewayConnections()) {
            jobId = api.provision(ProvisionTenantTest.body("Suivie en direct", ProvisionTenantTest.uniqueCode("STREAMED")))
                    .body().path("jobId").asString();
            double commitsBefore = commitsPerSecond();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 500; i++) {
                streams.add(Stream.open(http, jobId));
            }
            for (Stream stream : streams) {
                stream.awaitFirstState(ANSWER_WITHIN.plusSeconds(8));
            }
            double commitsWithStreams = commitsPerSecond();

            assertThat(streams).allSatisfy(stream -> assertThat(stream.firstStateAfter()).isLessThan(ANSWER_WITHIN));
            assertThat(streams).allSatisfy(stream -> assertThat(stream.lastState()).contains("\"status\":\"QUEUED\""));
            // polling streams would read the job 2000 times a second
            assertThat(commitsWithStreams).as("AUTH commits per second with 500 streams open, against %.0f before",
                    commitsBefore).isLessThan(commitsBefore + 25);
            assertThat(api.get("/api/jobs/" + jobId).status()).isEqualTo(200);
            health.assertAnsweredWithin(ANSWER_WITHIN);
            connections.assertAtMost(GATEWAY_CONNECTIONS);
        } finally {
            system.resumeWorker();
        }
        for (Stream stream : streams) {
            stream.awaitEnd(Duration.ofSeconds(90));
        }
        assertThat(streams).allSatisfy(stream -> assertThat(stream.lastState()).contains("\"status\":\"SUCCEEDED\""));
        awaitOpenStreams(0);
    }

    @Test
    void a_stream_whose_client_has_gone_is_released() throws Exception {
        system.pauseWorker();
        try {
            String jobId = api.provision(ProvisionTenantTest.body("Abandonnée", ProvisionTenantTest.uniqueCode("GONE")))
                    .body().path("jobId").asString();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                streams.add(Stream.open(http, jobId));
            }
            for (Stream stream : streams) {
                stream.awaitFirstState(Duration.ofSeconds(10));
            }
            awaitOpenStreams(50);

            streams.forEach(Stream::hangUp);

            // found at the next heartbeat (1 s in the tests)
            awaitOpenStreams(0);
        } finally {
            system.resumeWorker();
        }
    }

    private static void awaitOpenStreams(double expected) {
        Eventually.await("open job status streams = " + expected, Duration.ofSeconds(15),
                () -> Prometheus.scrape(system.gatewayManagementUrl()).gauge("provisioning_job_streams_open"),
                open -> open == expected);
    }

    private static String provisionAndFinish(String stem) {
        String jobId = api.provision(ProvisionTenantTest.body("Sondée", ProvisionTenantTest.uniqueCode(stem)))
                .body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, Duration.ofSeconds(90)).path("status").asString()).isEqualTo("SUCCEEDED");
        return jobId;
    }

    private static HttpRequest authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + Api.OPS_KEY)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** Transactions committed on the AUTH database per second, over three seconds. */
    private static double commitsPerSecond() {
        String sql = "select xact_commit from pg_stat_database where datname = '" + system.services.authDatabase + "'";
        // statistics reach pg_stat_database about once a second
        Eventually.sleep(Duration.ofMillis(1500));
        long before = db.count(sql);
        Eventually.sleep(Duration.ofSeconds(3));
        return (db.count(sql) - before) / 3.0;
    }

    /** One client following a job over SSE, without a thread of its own. */
    private static final class Stream implements Flow.Subscriber<String> {

        private final long openedAt = System.nanoTime();
        private final AtomicLong firstStateAt = new AtomicLong();
        private final AtomicReference<String> lastState = new AtomicReference<>("");
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

        static Stream open(HttpClient http, String jobId) {
            Stream stream = new Stream();
            HttpRequest request = HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/jobs/" + jobId + "/events"))
                    .header("Authorization", "Bearer " + Api.OPS_KEY).header("Accept", "text/event-stream").build();
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream))
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            stream.ended.completeExceptionally(failure);
                        }
                    });
            return stream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscribed) {
            subscription.set(subscribed);
            subscribed.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                firstStateAt.compareAndSet(0, System.nanoTime());
                lastState.set(line);
            }
        }

        @Override
        public void onError(Throwable failure) {
            ended.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }

        void awaitFirstState(Duration timeout) {
            Eventually.await("a first state on the stream", timeout, firstStateAt::get, at -> at != 0);
        }

        Duration firstStateAfter() {
            return Duration.ofNanos(firstStateAt.get() - openedAt);
        }

        String lastState() {
            return lastState.get();
        }

        void awaitEnd(Duration timeout) throws Exception {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The client goes away without a word: its connection is closed. */
        void hangUp() {
            subscription.get().cancel();
        }
    }

    /** Something sampled every 100 ms while a test loads the gateway. */
    private static final class Watch implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong worst = new AtomicLong();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;

        private Watch(String name, Sampler sampler) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        worst.accumulateAndGet(sampler.sample(), Math::max);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    samples.incrementAndGet();
                    Eventually.sleep(Duration.ofMillis(100));
                }
            }, name);
            thread.start();
        }

        /** Health on the gateway's management port: the time each answer took. */
        static Watch health() {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create(system.gatewayManagementUrl() + "/actuator/health/liveness"))
                    .timeout(Duration.ofSeconds(10)).build();
            return new Watch("health-watch", () -> {
                long start = System.nanoTime();
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    throw new IllegalStateException("health not UP");
                }
                return System.nanoTime() - start;
            });
        }

        /** The gateway's sessions on the AUTH database. */
        static Watch gatewayConnections() {
            return new Watch("connections-watch", () -> db.count("""
                    select count(*) from pg_stat_activity
                    where datname = '%s' and application_name like 'api-gateway%%'""".formatted(system.services.authDatabase)));
        }

        void assertAnsweredWithin(Duration limit) {
            assertThat(failures.get()).as("health checks unanswered").isZero();
            assertThat(samples.get()).isPositive();
            assertThat(Duration.ofNanos(worst.get())).as("slowest health answer").isLessThan(limit);
        }

        void assertAtMost(long limit) {
            assertThat(failures.get()).isZero();
            assertThat(worst.get()).as("most gateway connections seen").isBetween(1L, limit);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        @FunctionalInterface
        interface Sampler {
            long sample() throws Exception;
        }
    }
}
