package com.topsteel.provisioning.worker.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.ProvisionTenant;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.worker.provision.ProvisioningSaga;

/**
 * Takes commands off the queue. A message that cannot be read goes straight to the dead-letter
 * queue; the command is acknowledged only once its saga has finished.
 */
@Component
class ProvisioningCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningCommandListener.class);

    private final ProvisioningSaga provisioningSaga;

    ProvisioningCommandListener(ProvisioningSaga provisioningSaga) {
        this.provisioningSaga = provisioningSaga;
    }

    @RabbitListener(queues = ProvisioningQueues.COMMANDS_QUEUE)
    void onCommand(Message message) {
        String type = message.getMessageProperties().getType();
        if (!ProvisioningMessages.PROVISION_TENANT_TYPE.equals(type)) {
            throw new AmqpRejectAndDontRequeueException("unknown command type " + type);
        }
        ProvisionTenant command;
        try {
            command = ProvisioningMessages.readProvisionTenant(message.getBody());
        } catch (RuntimeException unreadable) {
            log.error("Unreadable {} message {} sent to the dead-letter queue", type,
                    message.getMessageProperties().getMessageId(), unreadable);
            throw new AmqpRejectAndDontRequeueException("unreadable " + type, unreadable);
        }
        provisioningSaga.run(command);
    }
}
