package com.topsteel.provisioning.infrastructure.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated initial passwords between the worker that made them and the operator who reads
 * them: stored encrypted by the {@link SecretBox} in {@code provisioning.job_secrets}, and
 * deleted by the read that reveals them.
 */
public class InitialPasswordVault {

    public record InitialPassword(String email, String password) {

        @Override
        public String toString() {
            return "InitialPassword[" + email + ", ***]";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final SecretBox box;

    public InitialPasswordVault(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Adds to the job's sealed passwords (in the caller's transaction). */
    public void seal(UUID jobId, List<InitialPassword> passwords) {
        if (passwords.isEmpty()) {
            return;
        }
        List<InitialPassword> all = new ArrayList<>(peek(jobId));
        all.addAll(passwords);
        jdbc.sql("""
                insert into provisioning.job_secrets (job_id, sealed) values (:jobId, :sealed)
                on conflict (job_id) do update set sealed = excluded.sealed""")
                .param("jobId", jobId)
                .param("sealed", box.seal(JSON.writeValueAsString(all)))
                .update();
    }

    /** Returns the job's passwords and forgets them: they are shown once. */
    public List<InitialPassword> reveal(UUID jobId) {
        return jdbc.sql("delete from provisioning.job_secrets where job_id = :jobId returning sealed")
                .param("jobId", jobId)
                .query((rs, row) -> open(rs.getString("sealed")))
                .optional()
                .orElse(List.of());
    }

    public void discard(UUID jobId) {
        jdbc.sql("delete from provisioning.job_secrets where job_id = :jobId").param("jobId", jobId).update();
    }

    private List<InitialPassword> peek(UUID jobId) {
        return jdbc.sql("select sealed from provisioning.job_secrets where job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, row) -> open(rs.getString("sealed")))
                .optional()
                .orElse(List.of());
    }

    private List<InitialPassword> open(String sealed) {
        return JSON.readValue(box.open(sealed), new TypeReference<List<InitialPassword>>() { });
    }
}
