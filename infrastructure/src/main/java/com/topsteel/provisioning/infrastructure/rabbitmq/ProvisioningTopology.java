package com.topsteel.provisioning.infrastructure.rabbitmq;

import static com.topsteel.provisioning.contracts.ProvisioningQueues.COMMANDS_EXCHANGE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.COMMANDS_QUEUE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.DEAD_LETTER_EXCHANGE;
import static com.topsteel.provisioning.contracts.ProvisioningQueues.DEAD_LETTER_QUEUE;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.topsteel.provisioning.contracts.JobType;

/**
 * The broker topology, declared identically by both services so that whichever starts first
 * creates it and a command published before any worker runs is kept, not dropped.
 */
@AutoConfiguration
public class ProvisioningTopology {

    /** Deliveries of one command before RabbitMQ dead-letters it. */
    static final int DELIVERY_LIMIT = 5;

    @Bean
    Declarables provisioningCommandTopology() {
        DirectExchange commands = new DirectExchange(COMMANDS_EXCHANGE, true, false);
        FanoutExchange deadLetters = new FanoutExchange(DEAD_LETTER_EXCHANGE, true, false);
        Queue commandQueue = QueueBuilder.durable(COMMANDS_QUEUE)
                .quorum()
                .deliveryLimit(DELIVERY_LIMIT)
                .deadLetterExchange(DEAD_LETTER_EXCHANGE)
                .build();
        Queue deadLetterQueue = QueueBuilder.durable(DEAD_LETTER_QUEUE).quorum().build();
        List<Declarable> topology = new ArrayList<>(List.of(commands, deadLetters, commandQueue, deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters)));
        // every job type's commands reach the one command queue
        for (JobType type : JobType.values()) {
            topology.add(BindingBuilder.bind(commandQueue).to(commands).with(type.routingKey()));
        }
        return new Declarables(topology);
    }
}
