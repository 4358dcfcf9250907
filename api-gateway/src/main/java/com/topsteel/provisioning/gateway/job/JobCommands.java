package com.topsteel.provisioning.gateway.job;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.DestroyTenant;
import com.topsteel.provisioning.contracts.JobCommand;
import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.gateway.outbox.Outbox;

/** Sends a job's command to the workers, through the outbox of the caller's transaction. */
@Component
public class JobCommands {

    private final Outbox outbox;

    JobCommands(Outbox outbox) {
        this.outbox = outbox;
    }

    public void send(JobCommand command) {
        outbox.record(ProvisioningQueues.COMMANDS_EXCHANGE, routingKey(command), command.messageType(),
                ProvisioningMessages.toJson(command));
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
