package com.topsteel.provisioning.gateway.outbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Messages waiting for the broker. Recorded in the caller's transaction, so a command exists
 * exactly when the job that it starts exists; {@link OutboxRelay} publishes them, woken up as
 * soon as that transaction commits.
 */
@Repository
public class Outbox {

    private final JdbcClient jdbc;
    private final OutboxRelay relay;

    Outbox(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
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
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
