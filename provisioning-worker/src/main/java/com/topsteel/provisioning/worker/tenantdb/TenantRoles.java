package com.topsteel.provisioning.worker.tenantdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.SqlIdentifier;
import com.topsteel.provisioning.infrastructure.secrets.DatabaseRoleVault;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

/**
 * A login role per tenant database ({@code {database}_app}): owner of the database and of its
 * objects, with a random password sealed for the operator who reads the job once. CONNECT on the
 * database is revoked from PUBLIC, so one tenant's role cannot open another tenant's database; the
 * role may not create databases or roles. Like databases, roles are tagged with the job that
 * created them (a comment), and only a role this service tagged is ever dropped.
 */
@Component
public class TenantRoles {

    private static final Logger log = LoggerFactory.getLogger(TenantRoles.class);
    private static final String SUFFIX = "_app";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 32;

    private final TenantDatabases databases;
    private final DatabaseRoleVault vault;
    private final JdbcClient auth;
    private final TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();

    TenantRoles(TenantDatabases databases, DatabaseRoleVault vault, JdbcClient auth, TransactionTemplate transaction) {
        this.databases = databases;
        this.vault = vault;
        this.auth = auth;
        this.transaction = transaction;
    }

    /**
     * {@code {database}_app}; a database name too long for the suffix keeps its first 46 characters
     * and a hash of the whole, so two tenants never share a role.
     */
    public static String roleName(String databaseName) {
        SqlIdentifier.requireValid(databaseName);
        if (databaseName.length() + SUFFIX.length() <= SocieteCode.MAX_DATABASE_NAME_BYTES) {
            return databaseName + SUFFIX;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(databaseName.getBytes(StandardCharsets.UTF_8));
            return databaseName.substring(0, 46) + "_" + HexFormat.of().formatHex(digest).substring(0, 12) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The provisioning step: creates the role (or finds the one this job created), sets a new random
     * password, makes it owner of the database and everything in it, takes CONNECT from PUBLIC, and
     * seals the password for the job.
     */
    public void createFor(JobContext job) {
        PostgresServer server = databases.serverOf(job);
        String database = job.tenant().databaseName();
        String role = roleName(database);
        String password = randomPassword();
        withMaintenance(server, connection -> {
            createRoleOnce(connection, role, job.jobId());
            ((PGConnection) connection.unwrap(PGConnection.class)).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
            ownDatabase(connection, role, database);
        });
        takeOwnership(server, database, role);
        transaction.executeWithoutResult(status -> {
            vault.seal(job.jobId(), new DatabaseRoleVault.DatabaseRole(role, password));
            auth.sql("update societes set database_role = :role, updated_at = now() where id = :id")
                    .param("role", role).param("id", job.tenant().societeId()).update();
        });
        log.info("Job {}: role {} owns database {} on server {}", job.jobId(), role, database, server.name());
    }

    /** Undoes {@link #createFor}: the database and its objects go back to the provisioning role, and the role is dropped. */
    public void dropIfCreatedBy(JobContext job) {
        PostgresServer server = databases.serverOf(job);
        String database = job.tenant().databaseName();
        String role = roleName(database);
        if (!taggedBy(server, role).equals(Optional.of(job.jobId()))) {
            return;
        }
        if (databases.exists(server, database)) {
            databases.inTransaction(server, database, jdbc -> {
                jdbc.sql("reassign owned by " + SqlIdentifier.quote(role) + " to current_user").update();
                jdbc.sql("drop owned by " + SqlIdentifier.quote(role)).update();
            });
        }
        server.maintenance().sql("drop role if exists " + SqlIdentifier.quote(role)).update();
        transaction.executeWithoutResult(status -> vault.discard(job.jobId()));
        log.info("Job {}: role {} dropped on server {}", job.jobId(), role, server.name());
    }

    /** The destroy step, once the database is dropped: its role goes too, if this service created it. */
    public void dropForDestroy(JobContext job) {
        dropTagged(job.jobId(), databases.serverOf(job), job.tenant().databaseName());
    }

    /** The tenant's role on {@code server}, once its database there is gone, if this service created it. */
    public void dropTagged(UUID jobId, PostgresServer server, String tenantDatabase) {
        String role = roleName(tenantDatabase);
        Optional<String> comment = server.maintenance()
                .sql("select shobj_description(oid, 'pg_authid') from pg_roles where rolname = :role")
                .param("role", role).query(String.class).optional();
        if (comment.isEmpty()) {
            return;
        }
        if (comment.get() == null || !comment.get().startsWith(TenantDatabases.OWNERSHIP_TAG_PREFIX)) {
            log.warn("Job {}: role {} on server {} was not created by this service: not dropped", jobId, role,
                    server.name());
            return;
        }
        server.maintenance().sql("drop role if exists " + SqlIdentifier.quote(role)).update();
        log.info("Job {}: role {} dropped on server {}", jobId, role, server.name());
    }

    /**
     * A move's role on its target server (roles belong to a cluster, not to a database): the tenant's
     * role created there, tagged with the move job, with the source role's password — its SCRAM
     * verifier copied when this worker may read it (a superuser), else a new random password sealed
     * for the move job and shown once to an operator, like a provisioning's — then made owner of
     * {@code database} (the copy) and its objects, CONNECT revoked from PUBLIC.
     *
     * @return whether the source's password was kept (false: a new one, sealed for the job)
     */
    public boolean copyToServer(UUID jobId, PostgresServer source, PostgresServer target, String tenantDatabase,
            String database) {
        String role = roleName(tenantDatabase);
        Optional<String> verifier = passwordVerifier(source, role);
        String password = verifier.isPresent() ? null : randomPassword();
        withMaintenance(target, connection -> {
            createRoleOnce(connection, role, jobId);
            if (verifier.isPresent()) {
                try (Statement sql = connection.createStatement()) {
                    // a verifier, checked to be one (no quote can be in it): PostgreSQL stores it as is
                    sql.execute("alter role " + SqlIdentifier.quote(role) + " password '" + verifier.get() + "'");
                }
            } else {
                ((PGConnection) connection.unwrap(PGConnection.class)).alterUserPassword(role, password.toCharArray(),
                        "scram-sha-256");
            }
            ownDatabase(connection, role, database);
        });
        takeOwnership(target, database, role);
        if (password != null) {
            transaction.executeWithoutResult(status -> vault.seal(jobId, new DatabaseRoleVault.DatabaseRole(role, password)));
        }
        log.info("Job {}: role {} owns {} on server {} ({})", jobId, role, database, target.name(),
                verifier.isPresent() ? "the source's password" : "a new password, sealed for the job");
        return verifier.isPresent();
    }

    /**
     * Undoes {@link #copyToServer}: only a role this job created on {@code server} is dropped, what it
     * owns in {@code database} (if it still exists there) given back first.
     */
    public void dropIfCreatedBy(UUID jobId, PostgresServer server, String tenantDatabase, String database) {
        String role = roleName(tenantDatabase);
        if (!taggedBy(server, role).equals(Optional.of(jobId))) {
            return;
        }
        if (databases.exists(server, database)) {
            databases.inTransaction(server, database, jdbc -> {
                jdbc.sql("reassign owned by " + SqlIdentifier.quote(role) + " to current_user").update();
                jdbc.sql("drop owned by " + SqlIdentifier.quote(role)).update();
            });
        }
        server.maintenance().sql("drop role if exists " + SqlIdentifier.quote(role)).update();
        transaction.executeWithoutResult(status -> vault.discard(jobId));
        log.info("Job {}: role {} dropped on server {}", jobId, role, server.name());
    }

    /** Whether the server has a role of this name. */
    public boolean exists(PostgresServer server, String role) {
        return server.maintenance().sql("select exists (select 1 from pg_roles where rolname = :role)")
                .param("role", role).query(Boolean.class).single();
    }

    /** The role's SCRAM (or md5) verifier, when this connection may read {@code pg_authid} (a superuser's). */
    private static Optional<String> passwordVerifier(PostgresServer server, String role) {
        try {
            return server.maintenance().sql("select rolpassword from pg_authid where rolname = :role")
                    .param("role", role).query(String.class).optional()
                    .filter(verifier -> VERIFIER.matcher(verifier).matches());
        } catch (org.springframework.dao.DataAccessException notSuperuser) {
            return Optional.empty();
        }
    }

    private static final java.util.regex.Pattern VERIFIER = java.util.regex.Pattern.compile(
            "SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+|md5[0-9a-f]{32}");

    /**
     * Makes {@code role} the owner of every table, view, sequence and routine of the database's
     * {@code public} schema (the schema itself follows the database's owner): what migrations
     * created as the provisioning role becomes the tenant's.
     */
    public void takeOwnership(PostgresServer server, String database, String role) {
        String owner = SqlIdentifier.quote(role);
        databases.inTransaction(server, database, jdbc -> jdbc.sql("""
                do $$
                declare item record;
                begin
                    for item in
                        select format('alter table %I.%I owner to ROLE', n.nspname, c.relname) as statement
                        from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                          -- a sequence of a table's column follows its table
                          and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                                          and d.objid = c.oid and d.deptype in ('a', 'i'))
                        union all
                        select format('alter routine %s owner to ROLE', p.oid::regprocedure)
                        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                        where n.nspname = 'public'
                          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                          and d.objid = p.oid and d.deptype = 'e')
                    loop
                        execute item.statement;
                    end loop;
                end $$""".replace("ROLE", owner)).update());
    }

    /**
     * After a migration: what it created becomes the société's role's, when it has one on the server
     * (a société recovered after a destroy names a role that destroy dropped).
     */
    public void takeOwnership(PostgresServer server, UUID societeId, String database) {
        roleOnServer(server, societeId).ifPresent(role -> takeOwnership(server, database, role));
    }

    /**
     * After a restore: the database itself, made by the services' role, becomes the société's role's
     * too, CONNECT its alone, and so does what it holds.
     */
    public void handOverRestored(PostgresServer server, UUID societeId, String database) {
        roleOnServer(server, societeId).ifPresent(role -> {
            withMaintenance(server, connection -> ownDatabase(connection, role, database));
            takeOwnership(server, database, role);
        });
    }

    private Optional<String> roleOnServer(PostgresServer server, UUID societeId) {
        return auth.sql("select database_role from societes where id = :id and database_role is not null")
                .param("id", societeId).query(String.class).optional()
                .filter(role -> exists(server, role));
    }

    /** The role owns the database, and is the only one but superusers to connect to it. */
    private static void ownDatabase(Connection connection, String role, String database) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            if (!isSuperuser(connection)) {
                // the provisioning role acts as owner of the tenant's objects (migrations, undo)
                sql.execute("grant " + SqlIdentifier.quote(role) + " to current_user");
            }
            sql.execute("alter database " + SqlIdentifier.quote(database) + " owner to " + SqlIdentifier.quote(role));
            sql.execute("revoke all on database " + SqlIdentifier.quote(database) + " from public");
            sql.execute("grant connect, temporary on database " + SqlIdentifier.quote(database) + " to "
                    + SqlIdentifier.quote(role));
        }
    }

    private void createRoleOnce(Connection connection, String role, UUID jobId) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
            Optional<String> comment = roleComment(connection, role);
            if (comment.isPresent()) {
                if (!comment.get().equals(TenantDatabases.ownershipTag(jobId))) {
                    throw new PermanentStepFailure("role " + role + " already exists and was not created by job " + jobId);
                }
            } else {
                // created and tagged in one transaction: a crash leaves both or neither
                sql.execute("create role " + SqlIdentifier.quote(role)
                        + " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls");
                sql.execute("comment on role " + SqlIdentifier.quote(role) + " is '"
                        + TenantDatabases.ownershipTag(jobId) + "'");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Optional<String> roleComment(Connection connection, String role) throws SQLException {
        try (var query = connection.prepareStatement(
                "select coalesce(shobj_description(oid, 'pg_authid'), '') from pg_roles where rolname = ?")) {
            query.setString(1, role);
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private Optional<UUID> taggedBy(PostgresServer server, String role) {
        return server.maintenance()
                .sql("select shobj_description(oid, 'pg_authid') from pg_roles where rolname = :role")
                .param("role", role).query(String.class).optional()
                .flatMap(TenantDatabases::jobNamedBy);
    }

    private static boolean isSuperuser(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             var rows = sql.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private String randomPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private static void withMaintenance(PostgresServer server, SqlWork work) {
        try (Connection connection = server.dataSource(server.settings().maintenanceDatabase()).getConnection()) {
            work.run(connection);
        } catch (SQLException e) {
            throw new org.springframework.jdbc.support.SQLStateSQLExceptionTranslator().translate("tenant role", null, e);
        }
    }
}
