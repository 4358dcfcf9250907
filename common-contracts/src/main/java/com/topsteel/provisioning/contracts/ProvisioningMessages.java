package com.topsteel.provisioning.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of commands on the wire. The message type travels beside the body
 * (the AMQP {@code type} property) so a reader never trusts a class name from the payload.
 */
public final class ProvisioningMessages {

    public static final String RUN_JOB_TYPE = "RunJob";

    /**
     * The commands of earlier releases, which named the job and carried its société: one still in a
     * queue when a new release starts is read as the {@link RunJob} it amounts to.
     */
    public static final String PROVISION_TENANT_TYPE = "ProvisionTenant";
    public static final String DESTROY_TENANT_TYPE = "DestroyTenant";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProvisioningMessages() {
    }

    public static String toJson(RunJob command) {
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

    /** Whether a message of this type is a command of an earlier release. */
    public static boolean isLegacy(String type) {
        return PROVISION_TENANT_TYPE.equals(type) || DESTROY_TENANT_TYPE.equals(type);
    }

    /** Reads a command of the given type; unreadable or incomplete bodies are refused. */
    public static RunJob read(String type, byte[] body) {
        JsonNode json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        JobType jobType;
        if (RUN_JOB_TYPE.equals(type)) {
            jobType = JSON.treeToValue(json.path("type"), JobType.class);
        } else if (PROVISION_TENANT_TYPE.equals(type)) {
            jobType = JobType.PROVISION_TENANT;
        } else if (DESTROY_TENANT_TYPE.equals(type)) {
            jobType = JobType.DESTROY_TENANT;
        } else {
            throw new IllegalArgumentException("unknown command type " + type);
        }
        UUID jobId = uuid(json, "jobId");
        UUID runId = uuid(json, "runId");
        if (jobId == null || runId == null || jobType == null) {
            throw new IllegalArgumentException(type + " without jobId, runId or job type");
        }
        return new RunJob(jobId, runId, jobType);
    }

    private static UUID uuid(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isMissingNode() || value.isNull() ? null : UUID.fromString(value.asString());
    }
}
