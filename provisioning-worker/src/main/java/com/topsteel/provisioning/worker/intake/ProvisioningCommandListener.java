package com.topsteel.provisioning.worker.intake;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;
import com.topsteel.provisioning.contracts.RunJob;
import com.topsteel.provisioning.contracts.ProvisioningMessages;
import com.topsteel.provisioning.contracts.ProvisioningQueues;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.jobs.JobRuns;

/**
 * Takes commands off the queue and runs the first attempt of each at once, acknowledging the
 * message only when the attempt is over: a worker that dies mid-attempt leaves the message
 * unacknowledged, RabbitMQ delivers it again, and that delivery hands the run to JobRunr
 * ({@link JobExecution#takeOver}). A repeated command finds its job started and does nothing.
 * One that cannot be read goes to the dead-letter queue, and the job it names, if any, fails
 * with the reason: no client waits forever on a QUEUED job.
 */
@Component
class ProvisioningCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningCommandListener.class);

    private final JobExecution execution;
    private final JobRuns jobs;

    ProvisioningCommandListener(JobExecution execution, JobRuns jobs) {
        this.execution = execution;
        this.jobs = jobs;
    }

    @RabbitListener(queues = ProvisioningQueues.COMMANDS_QUEUE, ackMode = "MANUAL")
    void onCommand(Message message, Channel channel) throws IOException {
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        try {
            Optional<RunJob> command = read(message);
            if (command.isEmpty()) {
                channel.basicReject(deliveryTag, false);
                return;
            }
            try (var job = JobLogContext.of(command.get())) {
                if (command.get().type().runsLong()) {
                    execution.handToJobRunr(command.get().jobId(), command.get().runId());
                } else if (Boolean.TRUE.equals(message.getMessageProperties().isRedelivered())) {
                    execution.takeOver(command.get().jobId(), command.get().runId());
                } else {
                    execution.runFirstAttempt(command.get().jobId(), command.get().runId());
                }
            }
        } catch (RuntimeException failure) {
            // the AUTH database or JobRunr's storage unreachable: the command goes back to the queue,
            // whose delivery limit dead-letters one that keeps failing
            log.error("{} message {} could not be taken; returned to the queue", message.getMessageProperties().getType(),
                    message.getMessageProperties().getMessageId(), failure);
            channel.basicNack(deliveryTag, false, true);
            return;
        }
        channel.basicAck(deliveryTag, false);
    }

    /** The command, or empty when it cannot be read: then the job it names, if any, has failed with the reason. */
    private Optional<RunJob> read(Message message) {
        String type = message.getMessageProperties().getType();
        try {
            RunJob command = ProvisioningMessages.read(type, message.getBody());
            if (ProvisioningMessages.isLegacy(type)) {
                log.info("{} message {} of an earlier release read as a run of job {}", type,
                        message.getMessageProperties().getMessageId(), command.jobId());
            }
            return Optional.of(command);
        } catch (RuntimeException unreadable) {
            String error = "unreadable " + type + " command: " + unreadable.getMessage();
            ProvisioningMessages.jobIdNamedIn(message.getBody()).ifPresent(jobId -> {
                if (jobs.failUnstarted(jobId, error)) {
                    log.error("Job {} FAILED: its command could not be read", jobId);
                }
            });
            log.error("Unreadable {} message {} sent to the dead-letter queue", type,
                    message.getMessageProperties().getMessageId(), unreadable);
            return Optional.empty();
        }
    }
}
