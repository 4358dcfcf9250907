package com.topsteel.provisioning.gateway.ops;

import java.net.URI;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param jobrunrDashboardUrl where operators find the worker's JobRunr dashboard, linked from the ops page
 * @param bulkRetryLimit      the most FAILED jobs one bulk retry takes (the oldest first); a larger backlog takes several
 * @param traceUrlTemplate    a job's trace in the operators' trace viewer, {@code {traceId}} standing for its id (Jaeger:
 *                            {@code http://localhost:16686/trace/{traceId}}); empty: the ops page shows the id, no link
 */
@Validated
@ConfigurationProperties("provisioning.ops")
record OpsSettings(
        @DefaultValue("http://localhost:8000/dashboard") @NotNull URI jobrunrDashboardUrl,
        @DefaultValue("100") @Min(1) @Max(1000) int bulkRetryLimit,
        @DefaultValue("") @Pattern(regexp = "|https?://.*\\{traceId}.*", message = "must be an http(s) URL holding {traceId}")
        String traceUrlTemplate) {
}
