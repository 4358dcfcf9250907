package com.topsteel.provisioning.infrastructure.secrets;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tenant's database role password between the worker that set it and the operator who reads it:
 * sealed by the {@link SecretBox} in {@code provisioning.tenant_role_secrets}, under the job that
 * set it, and deleted by the read that reveals it.
 */
public class DatabaseRoleVault {

    public record DatabaseRole(String name, String password) {

        @Override
        public String toString() {
            return "DatabaseRole[" + name + ", ***]";
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox box;

    public DatabaseRoleVault(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Keeps the role's newest password for the job (in the caller's transaction). */
    public void seal(UUID jobId, DatabaseRole role) {
        jdbc.sql("""
                insert into provisioning.tenant_role_secrets (job_id, role_name, sealed) values (:jobId, :role, :sealed)
                on conflict (job_id) do update set role_name = excluded.role_name, sealed = excluded.sealed""")
                .param("jobId", jobId)
                .param("role", role.name())
                .param("sealed", box.seal(role.password()))
                .update();
    }

    /** The job's role and password, forgotten as they are returned: they are shown once. */
    public Optional<DatabaseRole> reveal(UUID jobId) {
        return jdbc.sql("delete from provisioning.tenant_role_secrets where job_id = :jobId returning role_name, sealed")
                .param("jobId", jobId)
                .query((rs, row) -> new DatabaseRole(rs.getString("role_name"), box.open(rs.getString("sealed"))))
                .optional();
    }

    public void discard(UUID jobId) {
        jdbc.sql("delete from provisioning.tenant_role_secrets where job_id = :jobId").param("jobId", jobId).update();
    }
}
