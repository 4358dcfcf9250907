package com.topsteel.provisioning.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * A run's trace across the hops no thread spans: the request that queues a run keeps its W3C
 * {@code traceparent} in the job and outbox rows, and whatever later works on the run — the
 * outbox relay, a JobRunr attempt, a webhook delivery — opens its span as a child of it, so one
 * run is one trace. Everything else (HTTP, RabbitMQ, the webhook post) is propagated by the
 * observations of Spring MVC, Spring AMQP and the HTTP client, not here.
 */
public class RunTraces {

    private static final String TRACEPARENT = "traceparent";
    /** version 00: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    private static final Pattern W3C_TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;

    public RunTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The traceparent of the span in scope, or null outside one (or with tracing off). */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * A started span in the trace that {@code traceparent} names (a trace of its own when null or
     * unreadable), not yet in scope: the caller puts it in scope with {@link #inScope} and ends it.
     */
    public Span startInTrace(String traceparent, String name) {
        Span.Builder builder = traceparent == null
                ? tracer.spanBuilder().setNoParent()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), (carrier, key) -> carrier.get(key));
        return builder.name(name).start();
    }

    /**
     * A started span, child of the span in scope when there is one (a consumer's, say), else in the
     * trace {@code traceparent} names (a JobRunr thread has none of its own); not yet in scope.
     */
    public Span startInCurrentTraceOr(String traceparent, String name) {
        Span current = tracer.currentSpan();
        return current != null && !current.isNoop() ? tracer.nextSpan(current).name(name).start()
                : startInTrace(traceparent, name);
    }

    /** Makes {@code span} the current one (its ids in the logs' MDC) until the scope closes. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** The trace id in a traceparent, or null when there is none or it is not one. */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = W3C_TRACEPARENT.matcher(traceparent);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
