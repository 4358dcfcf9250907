package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.systemtest.OtlpReceiver.ReceivedSpan;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One provisioning is one trace, as an operator finds it in Jaeger: the spans both services
 * export over OTLP are received by {@link OtlpReceiver} and followed hop by hop, parent by parent —
 * the gateway's request, the outbox relay's publish, the worker's consumer, its attempt, the six
 * steps and a webhook delivery, whose post carries the trace to the receiver.
 */
class TracingTest extends SystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PROVISION_STEPS = List.of("claim-societe", "create-database",
            "migrate-tenant-schema", "seed-tenant-data", "create-tenant-role", "create-default-users", "activate-societe");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WebhookReceiver webhooks;
    private static String subscriptionId;

    @BeforeAll
    static void subscribeToSuccesses() throws Exception {
        webhooks = new WebhookReceiver();
        Api.Response created = api.post("/api/webhooks",
                JSON.writeValueAsString(Map.of("url", webhooks.url("/traced"), "eventTypes", List.of("job.succeeded"))));
        assertThat(created.status()).isEqualTo(201);
        subscriptionId = created.body().path("id").asString();
    }

    @AfterAll
    static void unsubscribe() {
        api.delete("/api/webhooks/" + subscriptionId);
        webhooks.close();
    }

    @Test
    void one_provisioning_is_one_trace_from_the_request_through_relay_worker_and_six_steps_to_its_webhook() {
        String code = ProvisionTenantTest.uniqueCode("TRACED");
        String jobId = api.provision(ProvisionTenantTest.body("Tracée", code)).body().path("jobId").asString();
        JsonNode job = api.awaitFinished(jobId, TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        String traceId = job.path("traceId").asString();
        assertThat(traceId).as("the job view names its trace").matches("[0-9a-f]{32}");

        List<ReceivedSpan> trace = awaitTrace(traceId, spans -> has(spans, "webhook delivery")
                && spans.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT));

        ReceivedSpan request = single(trace, span -> span.service().equals("api-gateway")
                && span.kind() == SpanKind.SPAN_KIND_SERVER && "/api/societes/provision-tenant".equals(span.attribute("uri")));
        ReceivedSpan relay = single(trace, span -> span.name().equals("outbox relay"));
        assertThat(relay.service()).isEqualTo("api-gateway");
        assertThat(relay.parentSpanId()).as("the relay publishes in the request's trace, as its child")
                .isEqualTo(request.spanId());
        ReceivedSpan publish = single(trace, span -> span.kind() == SpanKind.SPAN_KIND_PRODUCER);
        assertThat(publish.parentSpanId()).isEqualTo(relay.spanId());
        ReceivedSpan consume = single(trace, span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER);
        assertThat(consume.service()).isEqualTo("provisioning-worker");
        assertThat(consume.parentSpanId()).as("the consumer continues the context the message carried")
                .isEqualTo(publish.spanId());
        ReceivedSpan attempt = single(trace, span -> span.name().equals("job attempt"));
        assertThat(attempt.parentSpanId()).isEqualTo(consume.spanId());
        assertThat(attempt.attribute("provisioning.attempt.origin")).isEqualTo("first-attempt");

        List<ReceivedSpan> steps = trace.stream().filter(span -> span.name().startsWith("step ")).toList();
        assertThat(steps).extracting(span -> span.attribute("provisioning.step"))
                .containsExactlyInAnyOrderElementsOf(PROVISION_STEPS);
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.parentSpanId()).isEqualTo(attempt.spanId());
            assertThat(step.attribute("provisioning.step.attempt")).isEqualTo("1");
            assertThat(step.attribute("provisioning.societe.code")).isEqualTo(code);
            assertThat(step.attribute("provisioning.job.id")).isEqualTo(jobId);
            assertThat(step.error()).isFalse();
        });

        ReceivedSpan delivery = single(trace, span -> span.name().equals("webhook delivery"));
        assertThat(delivery.attribute("provisioning.webhook.event")).isEqualTo("job.succeeded");
        ReceivedSpan post = single(trace, span -> span.kind() == SpanKind.SPAN_KIND_CLIENT);
        assertThat(post.parentSpanId()).isEqualTo(delivery.spanId());
        List<WebhookReceiver.Received> received = webhooks.forJob("/traced", jobId);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).header("traceparent")).as("the receiver can join the trace")
                .isEqualTo("00-" + traceId + "-" + post.spanId() + "-01");
        assertThat(trace).extracting(ReceivedSpan::traceId).containsOnly(traceId);
    }

    @Test
    void a_step_that_failed_once_shows_two_attempt_spans_in_the_runs_trace_the_retry_under_a_jobrunr_attempt() {
        String code = ProvisionTenantTest.uniqueCode("RETRACED");
        system.faults().failTransiently(code, "seed-tenant-data", 1);
        String jobId = api.provision(ProvisionTenantTest.body("Tracée deux fois", code)).body().path("jobId").asString();
        JsonNode job = api.awaitFinished(jobId, TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        String traceId = job.path("traceId").asString();

        // the attempt's span ends after its steps': it may reach the receiver a little later
        List<ReceivedSpan> trace = awaitTrace(traceId, spans -> spans.stream()
                .filter(span -> span.name().equals("step activate-societe")).count() == 1
                && spans.stream().anyMatch(span -> span.name().equals("job attempt")
                        && "retry".equals(span.attribute("provisioning.attempt.origin"))));

        List<ReceivedSpan> seeds = trace.stream().filter(span -> span.name().equals("step seed-tenant-data"))
                .sorted(java.util.Comparator.comparing(span -> span.attribute("provisioning.step.attempt"))).toList();
        assertThat(seeds).extracting(span -> span.attribute("provisioning.step.attempt")).containsExactly("1", "2");
        assertThat(seeds.get(0).error()).as("the first attempt failed").isTrue();
        assertThat(seeds.get(1).error()).isFalse();
        ReceivedSpan retry = single(trace, span -> span.name().equals("job attempt")
                && "retry".equals(span.attribute("provisioning.attempt.origin")));
        assertThat(seeds.get(1).parentSpanId()).isEqualTo(retry.spanId());
        ReceivedSpan request = single(trace, span -> span.kind() == SpanKind.SPAN_KIND_SERVER
                && "/api/societes/provision-tenant".equals(span.attribute("uri")));
        assertThat(retry.parentSpanId()).as("JobRunr's attempt continues the trace the job keeps")
                .isEqualTo(request.spanId());
    }

    @Test
    void a_compensation_is_a_span_of_its_own() {
        String code = ProvisionTenantTest.uniqueCode("UNTRACED");
        system.faults().failPermanently(code, "create-default-users");
        String jobId = api.provision(ProvisionTenantTest.body("Défaite", code)).body().path("jobId").asString();
        JsonNode job = api.awaitFinished(jobId, TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("FAILED");

        List<ReceivedSpan> trace = awaitTrace(job.path("traceId").asString(),
                spans -> has(spans, "compensate claim-societe"));

        assertThat(trace.stream().filter(span -> span.name().startsWith("compensate ")).map(ReceivedSpan::name))
                .containsExactlyInAnyOrder("compensate create-default-users", "compensate create-tenant-role",
                        "compensate seed-tenant-data",
                        "compensate migrate-tenant-schema", "compensate create-database", "compensate claim-societe");
    }

    static List<ReceivedSpan> awaitTrace(String traceId, Predicate<List<ReceivedSpan>> complete) {
        return Eventually.await("the spans of trace " + traceId, TIMEOUT, () -> OtlpReceiver.get().trace(traceId), complete);
    }

    static boolean has(List<ReceivedSpan> spans, String name) {
        return spans.stream().anyMatch(span -> span.name().equals(name));
    }

    static ReceivedSpan single(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("in trace %s", spans).hasSize(1);
        return matching.get(0);
    }

    static Optional<ReceivedSpan> find(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        return spans.stream().filter(which).findFirst();
    }
}
