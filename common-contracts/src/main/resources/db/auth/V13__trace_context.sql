-- The W3C trace context (traceparent) of the request that queued a run, kept where no thread
-- carries it: the outbox relay publishes the command within it, a JobRunr retry or a takeover
-- continues it, and a webhook delivery joins the trace of the run whose event it announces.
-- Null when the run was queued without tracing.
alter table provisioning.outbox add column traceparent text;
alter table provisioning.jobs add column traceparent text;
alter table provisioning.webhook_deliveries add column traceparent text;
