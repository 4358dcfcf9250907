package com.topsteel.provisioning.gateway.idempotency;

import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/** {@code provisioning.idempotency_keys}; every statement commits on its own, so concurrent requests see it at once. */
@Repository
class IdempotencyKeys {

    record StoredKey(String fingerprint, String status, Integer responseStatus, String responseType,
            String responseLocation, String responseBody) {

        boolean completed() {
            return "COMPLETED".equals(status);
        }
    }

    private final JdbcClient jdbc;
    private final Duration retention;

    IdempotencyKeys(JdbcClient jdbc, IdempotencySettings settings) {
        this.jdbc = jdbc;
        this.retention = settings.retention();
    }

    /** True when this request is the first with the key (the key is now IN_PROGRESS for it). */
    boolean claim(String client, String key, String fingerprint) {
        jdbc.sql("delete from provisioning.idempotency_keys where client = :client and key = :key and expires_at < now()")
                .param("client", client)
                .param("key", key)
                .update();
        return jdbc.sql("""
                insert into provisioning.idempotency_keys (client, key, fingerprint, status, expires_at)
                values (:client, :key, :fingerprint, 'IN_PROGRESS', now() + cast(:retention as interval))
                on conflict (client, key) do nothing""")
                .param("client", client)
                .param("key", key)
                .param("fingerprint", fingerprint)
                .param("retention", retention.toSeconds() + " seconds")
                .update() == 1;
    }

    Optional<StoredKey> find(String client, String key) {
        return jdbc.sql("""
                select fingerprint, status, response_status, response_type, response_location, response_body
                from provisioning.idempotency_keys where client = :client and key = :key""")
                .param("client", client)
                .param("key", key)
                .query((rs, row) -> new StoredKey(rs.getString("fingerprint"), rs.getString("status"),
                        rs.getObject("response_status", Integer.class), rs.getString("response_type"),
                        rs.getString("response_location"), rs.getString("response_body")))
                .optional();
    }

    void complete(String client, String key, int status, String contentType, String location, String body) {
        jdbc.sql("""
                update provisioning.idempotency_keys
                set status = 'COMPLETED', response_status = :status, response_type = :type,
                    response_location = :location, response_body = :body
                where client = :client and key = :key""")
                .param("status", status)
                .param("type", contentType)
                .param("location", location)
                .param("body", body)
                .param("client", client)
                .param("key", key)
                .update();
    }

    /** Forgets a key whose request failed on our side, so the client may try again with it. */
    void release(String client, String key) {
        jdbc.sql("delete from provisioning.idempotency_keys where client = :client and key = :key and status = 'IN_PROGRESS'")
                .param("client", client)
                .param("key", key)
                .update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void deleteExpired() {
        jdbc.sql("delete from provisioning.idempotency_keys where expires_at < now()").update();
    }
}
