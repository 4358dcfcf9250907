package com.topsteel.provisioning.jobs.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.RunTraces;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;

/**
 * Publishes recorded messages and marks each one sent only once the broker confirmed it
 * (and did not return it as unroutable). Rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so several gateways can relay at once without publishing the same message twice.
 * A broker outage leaves the rows in place; they go out when the broker is back. The relay
 * polls, and is woken up by each commit that recorded a message, so a command does not wait
 * for the next poll.
 */
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record PendingMessage(long id, UUID messageId, String exchange, String routingKey, String messageType,
            String payload, int attempts, UUID jobId, JobType jobType, String societeCode, String traceparent) {
    }

    private final HikariDataSource relayConnections;
    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transaction;
    private final OutboxSettings settings;
    private final RunTraces traces;
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(task -> new Thread(task, "outbox-relay-wake-up"));
    private final AtomicBoolean wakeUpWaiting = new AtomicBoolean();

    public OutboxRelay(PostgresSettings postgres, RabbitTemplate rabbit, OutboxSettings settings, MeterRegistry meters,
            RunTraces traces, String applicationName) {
        this.relayConnections = relayPool(postgres, meters, applicationName);
        this.jdbc = JdbcClient.create(relayConnections);
        this.rabbit = rabbit;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(relayConnections));
        this.settings = settings;
        this.traces = traces;
    }

    /**
     * The relay's own two connections: however many clients hold the API's pool, commands keep
     * going out to the broker.
     */
    private static HikariDataSource relayPool(PostgresSettings postgres, MeterRegistry meters, String applicationName) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("outbox-relay");
        pool.setJdbcUrl(postgres.jdbcUrl(postgres.authDatabase()));
        pool.setUsername(postgres.username());
        pool.setPassword(postgres.password());
        pool.addDataSourceProperty("ApplicationName", applicationName + " outbox relay");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        // a database that is down fails a round at once; the next poll tries again
        pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return pool;
    }

    /**
     * Relays now, on the relay's own thread, rather than at the next poll: called when a
     * transaction that recorded a message has committed. Calls made while one is waiting to run
     * are folded into it.
     */
    public void wakeUp() {
        if (wakeUpWaiting.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpWaiting.set(false);
                try {
                    relayPending();
                } catch (RuntimeException e) {
                    log.warn("Outbox relay woken up in vain, the next poll tries again: {}", e.toString());
                }
            });
        }
    }

    @Scheduled(fixedDelayString = "${provisioning.outbox.poll-interval:200ms}")
    void relayPending() {
        int published;
        do {
            published = transaction.execute(status -> publishBatch());
        } while (published == settings.batchSize());
    }

    @Override
    public void destroy() throws InterruptedException {
        wakeUps.shutdownNow();
        wakeUps.awaitTermination(5, TimeUnit.SECONDS);
        relayConnections.close();
    }

    private int publishBatch() {
        List<PendingMessage> batch = jdbc.sql("""
                select o.id, o.message_id, o.exchange, o.routing_key, o.message_type, o.payload, o.attempts,
                       o.job_id, j.type as job_type, j.societe_code, o.traceparent
                from provisioning.outbox o left join provisioning.jobs j on j.id = o.job_id
                where o.published_at is null order by o.id limit :limit for update of o skip locked""")
                .param("limit", settings.batchSize())
                .query((rs, row) -> new PendingMessage(rs.getLong("id"), rs.getObject("message_id", UUID.class),
                        rs.getString("exchange"), rs.getString("routing_key"), rs.getString("message_type"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getObject("job_id", UUID.class),
                        rs.getString("job_type") == null ? null : JobType.valueOf(rs.getString("job_type")),
                        rs.getString("societe_code"), rs.getString("traceparent")))
                .list();
        int published = 0;
        for (PendingMessage message : batch) {
            Span span = relaySpan(message);
            try (var job = JobLogContext.of(message.jobId(), message.jobType(), message.societeCode());
                 var traced = traces.inScope(span)) {
                try {
                    publishConfirmed(message);
                } catch (Exception e) {
                    // the broker is the likely culprit: keep the rest for the next round
                    span.error(e);
                    logNotPublished(message, e);
                    jdbc.sql("update provisioning.outbox set attempts = attempts + 1, last_error = :error where id = :id")
                            .param("error", e.toString())
                            .param("id", message.id())
                            .update();
                    break;
                }
                jdbc.sql("update provisioning.outbox set published_at = now(), attempts = attempts + 1, last_error = null where id = :id")
                        .param("id", message.id())
                        .update();
                published++;
                log.info("Published {} {} to {}/{}", message.messageType(), message.messageId(), message.exchange(),
                        message.routingKey());
            } finally {
                span.end();
            }
        }
        return published;
    }

    /** While the broker is away the relay tries every poll: a warning at the first failure and every 100th, not five a second. */
    private static void logNotPublished(PendingMessage message, Exception failure) {
        int attempt = message.attempts() + 1;
        if (attempt == 1 || attempt % 100 == 0) {
            log.warn("Outbox message {} ({}) not published yet (attempt {}), kept for the next round: {}",
                    message.messageId(), message.messageType(), attempt, failure.toString());
        } else {
            log.debug("Outbox message {} not published yet (attempt {}): {}", message.messageId(), attempt,
                    failure.toString());
        }
    }

    /**
     * A span in the trace of the request that recorded the message, for this relay thread that no
     * request ever ran on; the template's own observation, under it, puts the context in the
     * message's headers for the consumer.
     */
    private Span relaySpan(PendingMessage pending) {
        Span span = traces.startInTrace(pending.traceparent(), "outbox relay")
                .tag("provisioning.message.type", pending.messageType())
                .tag("provisioning.message.id", pending.messageId().toString());
        if (pending.jobId() != null) {
            span.tag("provisioning.job.id", pending.jobId().toString());
        }
        return span;
    }

    private void publishConfirmed(PendingMessage pending) throws Exception {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(pending.messageId().toString());
        properties.setType(pending.messageType());
        Message message = new Message(pending.payload().getBytes(StandardCharsets.UTF_8), properties);

        CorrelationData correlation = new CorrelationData(pending.messageId().toString());
        rabbit.send(pending.exchange(), pending.routingKey(), message, correlation);
        CorrelationData.Confirm confirm = correlation.getFuture()
                .get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!confirm.ack()) {
            throw new IllegalStateException("broker refused the message: " + confirm.reason());
        }
        if (correlation.getReturned() != null) {
            throw new IllegalStateException("broker could not route the message: " + correlation.getReturned().getReplyText());
        }
    }
}
