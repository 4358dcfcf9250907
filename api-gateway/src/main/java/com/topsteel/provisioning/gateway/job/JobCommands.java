package com.topsteel.provisioning.gateway.job;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.topsteel.provisioning.contracts.DestroyTenant;
import com.topsteel.provisioning.contracts.JobCommand;
import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.gateway.outbox.Outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends a job's command to the workers, through the outbox of the caller's transaction. Every
 * run of a job, the first or an operator's retry, starts here, so this is where a run counts as
 * accepted — once the transaction commits, as a rolled back request accepted nothing.
 */
@Component
public class JobCommands {

    private final Outbox outbox;
    private final Map<JobType, Counter> accepted = new EnumMap<>(JobType.class);

    JobCommands(Outbox outbox, MeterRegistry meters) {
        this.outbox = outbox;
        for (JobType type : JobType.values()) {
            accepted.put(type, Counter.builder("provisioning.jobs.accepted").description("Job runs accepted by the gateway")
                    .tag("type", type.name()).register(meters));
        }
    }

    public void send(JobCommand command) {
        outbox.record(ProvisioningQueues.COMMANDS_EXCHANGE, routingKey(command), command.messageType(),
                ProvisioningMessages.toJson(command));
        Counter acceptedOfType = accepted.get(command.jobType());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                acceptedOfType.increment();
            }
        });
    }

    private static String routingKey(JobCommand command) {
        if (command instanceof ProvisionTenant) {
            return ProvisioningQueues.PROVISION_TENANT_ROUTING_KEY;
        }
        if (command instanceof DestroyTenant) {
            return ProvisioningQueues.DESTROY_TENANT_ROUTING_KEY;
        }
        throw new IllegalArgumentException("no route for " + command.messageType());
    }
}
