package com.topsteel.provisioning.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

class RunTracesTest {

    @Test
    void the_trace_id_is_read_from_a_w3c_traceparent() {
        assertThat(RunTraces.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void no_trace_id_from_a_missing_or_malformed_traceparent() {
        assertThat(RunTraces.traceIdOf(null)).isNull();
        assertThat(RunTraces.traceIdOf("")).isNull();
        assertThat(RunTraces.traceIdOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).as("unknown version").isNull();
        assertThat(RunTraces.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).as("upper case").isNull();
        assertThat(RunTraces.traceIdOf("00-4bf92f3577b34da6-00f067aa0ba902b7-01")).as("too short").isNull();
    }

    @Test
    void with_tracing_off_a_run_keeps_no_trace_and_its_spans_are_noops() {
        RunTraces off = new RunTraces(Tracer.NOOP, Propagator.NOOP);

        assertThat(off.current()).isNull();
        assertThat(off.startInTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "outbox relay").isNoop()).isTrue();
        assertThat(off.startInCurrentTraceOr(null, "job attempt").isNoop()).isTrue();
    }
}
