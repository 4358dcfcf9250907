package com.topsteel.provisioning.contracts;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of commands on the wire. The message type travels beside the body
 * (the AMQP {@code type} property) so a reader never trusts a class name from the payload.
 */
public final class ProvisioningMessages {

    public static final String PROVISION_TENANT_TYPE = "ProvisionTenant";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProvisioningMessages() {
    }

    public static String toJson(Object command) {
        return JSON.writeValueAsString(command);
    }

    public static ProvisionTenant readProvisionTenant(byte[] body) {
        ProvisionTenant command = JSON.readValue(new String(body, StandardCharsets.UTF_8), ProvisionTenant.class);
        if (command.jobId() == null || command.societeId() == null || command.databaseName() == null) {
            throw new IllegalArgumentException("ProvisionTenant without jobId, societeId or databaseName");
        }
        return command;
    }
}
