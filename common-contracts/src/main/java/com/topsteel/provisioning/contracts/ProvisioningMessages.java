package com.topsteel.provisioning.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of commands on the wire. The message type travels beside the body
 * (the AMQP {@code type} property) so a reader never trusts a class name from the payload.
 */
public final class ProvisioningMessages {

    public static final String PROVISION_TENANT_TYPE = "ProvisionTenant";
    public static final String DESTROY_TENANT_TYPE = "DestroyTenant";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProvisioningMessages() {
    }

    public static String toJson(JobCommand command) {
        return JSON.writeValueAsString(command);
    }

    /** The job a message names, read as leniently as possible: for failing the job of a command that is otherwise unreadable. */
    public static Optional<UUID> jobIdNamedIn(byte[] body) {
        try {
            String jobId = JSON.readTree(new String(body, StandardCharsets.UTF_8)).path("jobId").asString("");
            return Optional.of(UUID.fromString(jobId));
        } catch (RuntimeException notAJobId) {
            return Optional.empty();
        }
    }

    /** Reads a command of the given type; unreadable or incomplete bodies are refused. */
    public static JobCommand read(String type, byte[] body) {
        Class<? extends JobCommand> commandType;
        if (PROVISION_TENANT_TYPE.equals(type)) {
            commandType = ProvisionTenant.class;
        } else if (DESTROY_TENANT_TYPE.equals(type)) {
            commandType = DestroyTenant.class;
        } else {
            throw new IllegalArgumentException("unknown command type " + type);
        }
        JobCommand command = JSON.readValue(new String(body, StandardCharsets.UTF_8), commandType);
        if (command.jobId() == null || command.runId() == null) {
            throw new IllegalArgumentException(type + " without jobId or runId");
        }
        return command;
    }
}
