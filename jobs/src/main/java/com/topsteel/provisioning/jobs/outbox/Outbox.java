package com.topsteel.provisioning.jobs.outbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.contracts.RunJob;

/**
 * Messages waiting for the broker. Recorded in the caller's transaction, so a command exists
 * exactly when the job that it starts exists; {@link OutboxRelay} publishes them, woken up as
 * soon as that transaction commits.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final Runnable wakeUpRelay;

    /** @param wakeUpRelay called once a transaction that recorded a message has committed */
    public Outbox(JdbcClient jdbc, Runnable wakeUpRelay) {
        this.jdbc = jdbc;
        this.wakeUpRelay = wakeUpRelay;
    }

    /**
     * The command that starts a run of a job, recorded in the transaction that accepts the run.
     *
     * @param traceparent the trace the relay publishes it in (that of the request), or null
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(RunJob command, String traceparent) {
        jdbc.sql("""
                insert into provisioning.outbox (message_id, job_id, exchange, routing_key, message_type, payload,
                    traceparent)
                values (:messageId, :jobId, :exchange, :routingKey, :messageType, :payload, :traceparent)""")
                .param("messageId", UUID.randomUUID())
                .param("jobId", command.jobId())
                .param("exchange", ProvisioningQueues.COMMANDS_EXCHANGE)
                .param("routingKey", command.type().routingKey())
                .param("messageType", ProvisioningMessages.RUN_JOB_TYPE)
                .param("payload", ProvisioningMessages.toJson(command))
                .param("traceparent", traceparent)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeUpRelay.run();
            }
        });
    }
}
