package com.topsteel.provisioning.gateway.server;

import java.util.Arrays;
import java.util.Set;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;

import tools.jackson.databind.JsonNode;

/**
 * What {@code PATCH /api/ops/servers/{name}} asks: a status, a capacity, or both. Read by hand
 * from the JSON, since a capacity of {@code null} (no limit) differs from no capacity given.
 *
 * @param status         null: unchanged
 * @param changeCapacity whether {@code maxTenants} was given
 * @param maxTenants     the new capacity, null for no limit
 */
record ServerChange(ServerStatus status, boolean changeCapacity, Integer maxTenants) {

    static final int MAX_TENANTS_LIMIT = 1_000_000;
    private static final Set<String> FIELDS = Set.of("status", "maxTenants");

    static ServerChange parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object with status and/or maxTenants");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidFieldException(field, "unknown field: only status and maxTenants can be changed");
            }
        }
        ServerStatus status = null;
        if (body.has("status")) {
            JsonNode value = body.get("status");
            if (!value.isString() || Arrays.stream(ServerStatus.values()).noneMatch(known -> known.name().equals(value.asString()))) {
                throw new InvalidFieldException("status", "must be one of ACTIVE, DRAINING, DISABLED");
            }
            status = ServerStatus.valueOf(value.asString());
        }
        Integer maxTenants = null;
        boolean changeCapacity = body.has("maxTenants");
        if (changeCapacity) {
            JsonNode value = body.get("maxTenants");
            if (!value.isNull()) {
                if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0
                        || value.intValue() > MAX_TENANTS_LIMIT) {
                    throw new InvalidFieldException("maxTenants",
                            "must be a whole number from 0 to " + MAX_TENANTS_LIMIT + ", or null for no limit");
                }
                maxTenants = value.intValue();
            }
        }
        if (status == null && !changeCapacity) {
            throw new InvalidFieldException("status", "nothing to change: give status and/or maxTenants");
        }
        return new ServerChange(status, changeCapacity, maxTenants);
    }
}
