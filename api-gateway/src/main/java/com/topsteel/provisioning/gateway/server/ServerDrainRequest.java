package com.topsteel.provisioning.gateway.server;

import com.topsteel.provisioning.gateway.web.InvalidFieldException;

import tools.jackson.databind.JsonNode;

/** What {@code POST /api/ops/servers/{name}/drain} takes: nothing, or {@code {"maxParallel": n}}. */
final class ServerDrainRequest {

    static final int DEFAULT_MAX_PARALLEL = 2;
    static final int MAX_PARALLEL_LIMIT = 16;

    private ServerDrainRequest() {
    }

    static int maxParallelOf(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return DEFAULT_MAX_PARALLEL;
        }
        if (!body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object, {\"maxParallel\": n}, or nothing");
        }
        for (String field : body.propertyNames()) {
            if (!"maxParallel".equals(field)) {
                throw new InvalidFieldException(field, "unknown field: a drain takes maxParallel only");
            }
        }
        JsonNode value = body.get("maxParallel");
        if (value == null || value.isNull()) {
            return DEFAULT_MAX_PARALLEL;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > MAX_PARALLEL_LIMIT) {
            throw new InvalidFieldException("maxParallel", "must be a whole number from 1 to " + MAX_PARALLEL_LIMIT);
        }
        return value.intValue();
    }
}
