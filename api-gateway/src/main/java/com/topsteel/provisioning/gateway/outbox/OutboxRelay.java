package com.topsteel.provisioning.gateway.outbox;

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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes recorded messages and marks each one sent only once the broker confirmed it
 * (and did not return it as unroutable). Rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so several gateways can relay at once without publishing the same message twice.
 * A broker outage leaves the rows in place; they go out when the broker is back. The relay
 * polls, and is woken up by each commit that recorded a message, so a command does not wait
 * for the next poll.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record PendingMessage(long id, UUID messageId, String exchange, String routingKey, String messageType,
            String payload) {
    }

    private final HikariDataSource relayConnections;
    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transaction;
    private final OutboxSettings settings;
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(task -> new Thread(task, "outbox-relay-wake-up"));
    private final AtomicBoolean wakeUpWaiting = new AtomicBoolean();

    OutboxRelay(PostgresSettings postgres, RabbitTemplate rabbit, OutboxSettings settings, MeterRegistry meters) {
        this.relayConnections = relayPool(postgres, meters);
        this.jdbc = JdbcClient.create(relayConnections);
        this.rabbit = rabbit;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(relayConnections));
        this.settings = settings;
    }

    /**
     * The relay's own two connections: however many clients hold the API's pool, commands keep
     * going out to the broker.
     */
    private static HikariDataSource relayPool(PostgresSettings postgres, MeterRegistry meters) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("outbox-relay");
        pool.setJdbcUrl(postgres.jdbcUrl(postgres.authDatabase()));
        pool.setUsername(postgres.username());
        pool.setPassword(postgres.password());
        pool.addDataSourceProperty("ApplicationName", "api-gateway outbox relay");
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
    void wakeUp() {
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
                select id, message_id, exchange, routing_key, message_type, payload from provisioning.outbox
                where published_at is null order by id limit :limit for update skip locked""")
                .param("limit", settings.batchSize())
                .query((rs, row) -> new PendingMessage(rs.getLong("id"), rs.getObject("message_id", UUID.class),
                        rs.getString("exchange"), rs.getString("routing_key"), rs.getString("message_type"),
                        rs.getString("payload")))
                .list();
        int published = 0;
        for (PendingMessage message : batch) {
            try (var job = logContextOf(message)) {
                try {
                    publishConfirmed(message);
                } catch (Exception e) {
                    // the broker is the likely culprit: keep the rest for the next round
                    log.warn("Outbox message {} ({}) not published yet: {}", message.messageId(), message.messageType(),
                            e.toString());
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
            }
        }
        return published;
    }

    /** The job the message is the command of; none for a message that is no job command. */
    private static JobLogContext logContextOf(PendingMessage message) {
        try {
            return JobLogContext.of(ProvisioningMessages.read(message.messageType(),
                    message.payload().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException notAJobCommand) {
            return JobLogContext.of(null, null, null);
        }
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
