package com.topsteel.provisioning.gateway.outbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages waiting for the broker. Recorded in the caller's transaction, so a command exists
 * exactly when the job that it starts exists; {@link OutboxRelay} publishes them.
 */
@Repository
public class Outbox {

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String exchange, String routingKey, String messageType, String payload) {
        jdbc.sql("""
                insert into provisioning.outbox (message_id, exchange, routing_key, message_type, payload)
                values (:messageId, :exchange, :routingKey, :messageType, :payload)""")
                .param("messageId", UUID.randomUUID())
                .param("exchange", exchange)
                .param("routingKey", routingKey)
                .param("messageType", messageType)
                .param("payload", payload)
                .update();
    }
}
