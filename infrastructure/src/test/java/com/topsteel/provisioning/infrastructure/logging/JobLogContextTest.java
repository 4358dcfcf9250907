package com.topsteel.provisioning.infrastructure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import com.topsteel.provisioning.contracts.JobType;

class JobLogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void names_the_job_while_open_and_leaves_nothing_behind() {
        UUID jobId = UUID.randomUUID();
        try (var job = JobLogContext.of(jobId, JobType.PROVISION_TENANT, "ACME")) {
            assertThat(MDC.get("jobId")).isEqualTo(jobId.toString());
            assertThat(MDC.get("jobType")).isEqualTo("PROVISION_TENANT");
            assertThat(MDC.get("societeCode")).isEqualTo("ACME");
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void a_nested_context_gives_the_outer_one_back_when_closed() {
        UUID outer = UUID.randomUUID();
        UUID inner = UUID.randomUUID();
        try (var job = JobLogContext.of(outer, JobType.PROVISION_TENANT, "ACME")) {
            try (var other = JobLogContext.of(inner, JobType.DESTROY_TENANT, "OTHER")) {
                assertThat(MDC.get("jobId")).isEqualTo(inner.toString());
                assertThat(MDC.get("jobType")).isEqualTo("DESTROY_TENANT");
                assertThat(MDC.get("societeCode")).isEqualTo("OTHER");
            }
            assertThat(MDC.get("jobId")).isEqualTo(outer.toString());
            assertThat(MDC.get("jobType")).isEqualTo("PROVISION_TENANT");
            assertThat(MDC.get("societeCode")).isEqualTo("ACME");
        }
    }

    @Test
    void an_unknown_job_clears_the_keys_rather_than_leaving_another_jobs() {
        try (var job = JobLogContext.of(UUID.randomUUID(), JobType.PROVISION_TENANT, "ACME");
             var none = JobLogContext.of(null, null, null)) {
            assertThat(MDC.get("jobId")).isNull();
            assertThat(MDC.get("societeCode")).isNull();
        }
    }
}
