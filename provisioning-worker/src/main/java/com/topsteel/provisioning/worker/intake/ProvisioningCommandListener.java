package com.topsteel.provisioning.worker.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobCommand;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;

/**
 * Takes commands off the queue and hands each to JobRunr, with the command's run id as the
 * JobRunr job id, so a command delivered twice runs once. The message is acknowledged only
 * after JobRunr stored the job; one that cannot be read goes to the dead-letter queue.
 */
@Component
class ProvisioningCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningCommandListener.class);

    private final JobExecution execution;

    ProvisioningCommandListener(JobExecution execution) {
        this.execution = execution;
    }

    @RabbitListener(queues = ProvisioningQueues.COMMANDS_QUEUE)
    void onCommand(Message message) {
        String type = message.getMessageProperties().getType();
        JobCommand command;
        try {
            command = ProvisioningMessages.read(type, message.getBody());
        } catch (RuntimeException unreadable) {
            log.error("Unreadable {} message {} sent to the dead-letter queue", type,
                    message.getMessageProperties().getMessageId(), unreadable);
            throw new AmqpRejectAndDontRequeueException("unreadable " + type, unreadable);
        }
        execution.enqueueFirstAttempt(command.jobId(), command.runId());
        log.info("{} for job {} (run {}) handed to JobRunr", type, command.jobId(), command.runId());
    }
}
