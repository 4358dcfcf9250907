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
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.worker.saga.JobRecords;

/**
 * Takes commands off the queue and hands each to JobRunr, with the command's run id as the
 * JobRunr job id, so a command delivered twice runs once. The message is acknowledged only
 * after JobRunr stored the job. One that cannot be read goes to the dead-letter queue, and the
 * job it names, if any, fails with the reason: no client waits forever on a QUEUED job.
 */
@Component
class ProvisioningCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningCommandListener.class);

    private final JobExecution execution;
    private final JobRecords jobs;

    ProvisioningCommandListener(JobExecution execution, JobRecords jobs) {
        this.execution = execution;
        this.jobs = jobs;
    }

    @RabbitListener(queues = ProvisioningQueues.COMMANDS_QUEUE)
    void onCommand(Message message) {
        String type = message.getMessageProperties().getType();
        JobCommand command;
        try {
            command = ProvisioningMessages.read(type, message.getBody());
        } catch (RuntimeException unreadable) {
            String error = "unreadable " + type + " command: " + unreadable.getMessage();
            ProvisioningMessages.jobIdNamedIn(message.getBody()).ifPresent(jobId -> {
                if (jobs.failUnstarted(jobId, error)) {
                    log.error("Job {} FAILED: its command could not be read", jobId);
                }
            });
            log.error("Unreadable {} message {} sent to the dead-letter queue", type,
                    message.getMessageProperties().getMessageId(), unreadable);
            throw new AmqpRejectAndDontRequeueException(error, unreadable);
        }
        try (var job = JobLogContext.of(command)) {
            execution.enqueueFirstAttempt(command.jobId(), command.runId());
            log.info("{} for job {} (run {}) handed to JobRunr", type, command.jobId(), command.runId());
        }
    }
}
