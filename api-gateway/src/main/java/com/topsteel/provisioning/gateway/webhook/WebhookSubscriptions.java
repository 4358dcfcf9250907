package com.topsteel.provisioning.gateway.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.topsteel.provisioning.jobs.Viewer;

/** {@code provisioning.webhook_subscriptions} and their deliveries, as the API reads and changes them. */
@Repository
public class WebhookSubscriptions {

    private static final String COLUMNS = """
            id, url, event_types, enabled, disabled_reason, previous_secret_expires_at, created_at""";
    private static final String SEEN_BY_VIEWER = " and (cast(:requestedBy as text) is null or requested_by = :requestedBy)";
    private static final String DELIVERY_COLUMNS = """
            d.id, d.subscription_id, d.type, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error,
            d.created_at, d.delivered_at""";

    private final JdbcClient jdbc;

    WebhookSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String url, List<String> eventTypes, String sealedSecret, String requestedBy, boolean seesAllJobs) {
        jdbc.sql("""
                insert into provisioning.webhook_subscriptions (id, url, event_types, sealed_secret, requested_by, sees_all_jobs)
                values (:id, :url, :eventTypes, :sealedSecret, :requestedBy, :seesAllJobs)""")
                .param("id", id)
                .param("url", url)
                .param("eventTypes", eventTypes.toArray(String[]::new))
                .param("sealedSecret", sealedSecret)
                .param("requestedBy", requestedBy)
                .param("seesAllJobs", seesAllJobs)
                .update();
    }

    Optional<WebhookViews.Subscription> find(UUID id, Viewer viewer) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.webhook_subscriptions where id = :id" + SEEN_BY_VIEWER)
                .param("id", id)
                .param("requestedBy", viewer.requesterFilter())
                .query(WebhookSubscriptions::subscription)
                .optional();
    }

    List<WebhookViews.Subscription> list(Viewer viewer) {
        return jdbc.sql("select " + COLUMNS + " from provisioning.webhook_subscriptions where true" + SEEN_BY_VIEWER
                        + " order by created_at desc")
                .param("requestedBy", viewer.requesterFilter())
                .query(WebhookSubscriptions::subscription)
                .list();
    }

    boolean delete(UUID id, Viewer viewer) {
        return jdbc.sql("delete from provisioning.webhook_subscriptions where id = :id" + SEEN_BY_VIEWER)
                .param("id", id)
                .param("requestedBy", viewer.requesterFilter())
                .update() == 1;
    }

    /** The new secret signs from now on; the current one keeps signing beside it for {@code grace}. */
    boolean rotate(UUID id, Viewer viewer, String newSealedSecret, Duration grace) {
        return jdbc.sql("""
                update provisioning.webhook_subscriptions
                set previous_sealed_secret = sealed_secret, sealed_secret = :secret,
                    previous_secret_expires_at = now() + cast(:grace as interval), updated_at = now()
                where id = :id""" + SEEN_BY_VIEWER)
                .param("secret", newSealedSecret)
                .param("grace", grace.toSeconds() + " seconds")
                .param("id", id)
                .param("requestedBy", viewer.requesterFilter())
                .update() == 1;
    }

    List<WebhookViews.Delivery> deliveries(UUID subscriptionId, int limit) {
        return deliveries(" where d.subscription_id = :id order by d.event_id desc", subscriptionId, limit);
    }

    /** Every subscription's deliveries of one job's events, newest event first: what an operator checks on a job. */
    public List<WebhookViews.Delivery> deliveriesOfJob(UUID jobId, int limit) {
        return deliveries(" where d.job_id = :id order by d.event_id desc, d.subscription_id", jobId, limit);
    }

    private List<WebhookViews.Delivery> deliveries(String whereAndOrder, UUID id, int limit) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from provisioning.webhook_deliveries d" + whereAndOrder
                        + " limit :limit")
                .param("id", id)
                .param("limit", limit)
                .query((rs, row) -> delivery(rs, null))
                .list();
    }

    Optional<WebhookViews.Delivery> delivery(UUID deliveryId, Viewer viewer) {
        List<WebhookViews.Attempt> attempts = jdbc.sql("""
                select attempt, attempted_at, status_code, duration_ms, error
                from provisioning.webhook_delivery_attempts where delivery_id = :id order by attempt""")
                .param("id", deliveryId)
                .query((rs, row) -> new WebhookViews.Attempt(rs.getInt("attempt"),
                        rs.getObject("attempted_at", OffsetDateTime.class), rs.getObject("status_code", Integer.class),
                        rs.getInt("duration_ms"), rs.getString("error")))
                .list();
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from provisioning.webhook_deliveries d"
                        + " join provisioning.webhook_subscriptions s on s.id = d.subscription_id"
                        + " where d.id = :id and (cast(:requestedBy as text) is null or s.requested_by = :requestedBy)")
                .param("id", deliveryId)
                .param("requestedBy", viewer.requesterFilter())
                .query((rs, row) -> delivery(rs, attempts))
                .optional();
    }

    /** Sends the delivery again, with the same webhook-id, as soon as the deliverer runs. */
    boolean redeliver(UUID deliveryId, Viewer viewer) {
        return jdbc.sql("""
                update provisioning.webhook_deliveries d
                set status = 'PENDING', next_attempt_at = now(), last_error = null
                from provisioning.webhook_subscriptions s
                where d.id = :id and s.id = d.subscription_id and s.enabled
                  and (cast(:requestedBy as text) is null or s.requested_by = :requestedBy)""")
                .param("id", deliveryId)
                .param("requestedBy", viewer.requesterFilter())
                .update() == 1;
    }

    private static WebhookViews.Subscription subscription(ResultSet rs, int row) throws SQLException {
        Array eventTypes = rs.getArray("event_types");
        return new WebhookViews.Subscription(rs.getObject("id", UUID.class), rs.getString("url"),
                Arrays.asList((String[]) eventTypes.getArray()), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                rs.getObject("previous_secret_expires_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), null);
    }

    private static WebhookViews.Delivery delivery(ResultSet rs, List<WebhookViews.Attempt> attempts) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new WebhookViews.Delivery(id, "msg_" + id, rs.getObject("subscription_id", UUID.class), rs.getString("type"),
                rs.getString("status"), rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getObject("last_status_code", Integer.class), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class), attempts);
    }
}
