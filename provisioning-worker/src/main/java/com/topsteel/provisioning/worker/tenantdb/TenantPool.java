package com.topsteel.provisioning.worker.tenantdb;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

/**
 * The warm pool's records in AUTH ({@code provisioning.tenant_pool}), one pool per PostgreSQL
 * server: a member is written {@code CREATING} before its database exists, {@code READY} once
 * seeded, {@code CLAIMED} by one job (atomically: {@code FOR UPDATE SKIP LOCKED}), and forgotten
 * once its database carries the tenant's name. What the server holds is the other half of the
 * proof: a pool database's comment is {@link #memberTag}.
 */
@Component
public class TenantPool {

    /** Today's only server; #16 adds others, each with its own pool. */
    public static final String DEFAULT_SERVER = "default";

    /** The start of every pool database's comment; the AUTH database, version and seed follow. */
    static final String MEMBER_TAG_PREFIX = "topsteel tenant pool member of ";

    public enum State { CREATING, READY, CLAIMED }

    public record Member(String database, String server, String templateVersion, String seedFingerprint, State state,
            OffsetDateTime createdAt, UUID claimedByJob) {
    }

    private final JdbcClient auth;
    private final PostgresServer postgres;

    TenantPool(JdbcClient auth, PostgresServer postgres) {
        this.auth = auth;
        this.postgres = postgres;
    }

    /** Pool databases are {@code {prefix}pool_{id}}: a name no société code may give (see {@link SocieteCode}). */
    public String namePrefix() {
        return postgres.settings().tenantDatabasePrefix() + SocieteCode.POOL_PREFIX;
    }

    String newMemberName() {
        return namePrefix() + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The comment a pool database carries: whose it is (this AUTH), and what it was copied and seeded from. */
    String memberTag(String templateVersion, String seedFingerprint) {
        return MEMBER_TAG_PREFIX + postgres.settings().authDatabase() + ", template " + templateVersion + ", seed "
                + seedFingerprint;
    }

    /** Whether a database's comment says it is a pool member of this AUTH database. */
    public boolean isTaggedMember(String database) {
        return postgres.databaseComment(database).orElse("")
                .startsWith(MEMBER_TAG_PREFIX + postgres.settings().authDatabase() + ", ");
    }

    /** The pool database this job claimed and has not renamed yet (an attempt that died half-way). */
    Optional<String> claimedBy(UUID jobId) {
        return auth.sql("select database_name from provisioning.tenant_pool where state = 'CLAIMED' and claimed_by_job = :job")
                .param("job", jobId)
                .query(String.class)
                .optional();
    }

    /** Takes the oldest ready member of this version and seed for the job; two jobs never get the same one. */
    Optional<String> claim(String server, String templateVersion, String seedFingerprint, UUID jobId) {
        return auth.sql("""
                update provisioning.tenant_pool set state = 'CLAIMED', claimed_by_job = :job, claimed_at = now()
                where database_name = (
                    select database_name from provisioning.tenant_pool
                    where server = :server and state = 'READY' and template_version = :version and seed_fingerprint = :seed
                    order by created_at limit 1 for update skip locked)
                returning database_name""")
                .param("job", jobId)
                .param("server", server)
                .param("version", templateVersion)
                .param("seed", seedFingerprint)
                .query(String.class)
                .optional();
    }

    /** Before its CREATE DATABASE: the member exists in the records first, so a refill that dies leaves a trace. */
    void recordCreating(String database, String server, String templateVersion, String seedFingerprint) {
        auth.sql("""
                insert into provisioning.tenant_pool (database_name, server, template_version, seed_fingerprint, state)
                values (:name, :server, :version, :seed, 'CREATING')""")
                .param("name", database)
                .param("server", server)
                .param("version", templateVersion)
                .param("seed", seedFingerprint)
                .update();
    }

    void markReady(String database) {
        auth.sql("update provisioning.tenant_pool set state = 'READY', ready_at = now() where database_name = :name and state = 'CREATING'")
                .param("name", database)
                .update();
    }

    /** The member is no pool member any more (renamed to a tenant, or dropped). */
    void forget(String database) {
        auth.sql("delete from provisioning.tenant_pool where database_name = :name")
                .param("name", database)
                .update();
    }

    /** Removes a READY member's record unless a job claimed it meanwhile; true when removed (its database may go). */
    boolean withdrawReady(String database) {
        return auth.sql("delete from provisioning.tenant_pool where database_name = :name and state = 'READY'")
                .param("name", database)
                .update() == 1;
    }

    /** Members of the server still being created, or ready, of this version and seed: what counts towards the size. */
    int usable(String server, String templateVersion, String seedFingerprint) {
        return auth.sql("""
                select count(*) from provisioning.tenant_pool
                where server = :server and state in ('CREATING', 'READY') and template_version = :version and seed_fingerprint = :seed""")
                .param("server", server)
                .param("version", templateVersion)
                .param("seed", seedFingerprint)
                .query(Integer.class)
                .single();
    }

    /** Every member of the server, whatever its state. */
    public List<Member> members(String server) {
        return auth.sql("""
                select database_name, server, template_version, seed_fingerprint, state, created_at, claimed_by_job
                from provisioning.tenant_pool where server = :server order by created_at""")
                .param("server", server)
                .query((rs, row) -> new Member(rs.getString("database_name"), rs.getString("server"),
                        rs.getString("template_version"), rs.getString("seed_fingerprint"),
                        State.valueOf(rs.getString("state")), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("claimed_by_job", UUID.class)))
                .list();
    }

    /** Whether AUTH has a record of this pool database, in any state. */
    public boolean isRecorded(String database) {
        return auth.sql("select exists (select 1 from provisioning.tenant_pool where database_name = :name)")
                .param("name", database)
                .query(Boolean.class)
                .single();
    }
}
