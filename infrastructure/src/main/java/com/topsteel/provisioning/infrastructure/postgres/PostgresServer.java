package com.topsteel.provisioning.infrastructure.postgres;

import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Server-level operations: databases are created, tagged and dropped through the maintenance
 * database, with names validated and quoted by {@link SqlIdentifier}. Connections are opened
 * per call and closed at once: nothing here keeps a pool per tenant.
 */
public class PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String OBJECT_IN_USE = "55006";
    /** Two CREATE DATABASE of one name at once: the loser meets pg_database's unique index instead. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final String name;
    private final PostgresSettings settings;
    private final JdbcClient maintenance;

    public PostgresServer(PostgresSettings settings) {
        this(DatabaseServers.DEFAULT, settings);
    }

    public PostgresServer(String name, PostgresSettings settings) {
        this.name = name;
        this.settings = settings;
        this.maintenance = JdbcClient.create(dataSource(settings.maintenanceDatabase()));
    }

    /** Its name among the fleet's servers ({@link DatabaseServers}); the primary is {@code default}. */
    public String name() {
        return name;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** A non-pooled data source: each connection is opened on demand and really closed. */
    public DataSource dataSource(String database) {
        return new SimpleDriverDataSource(new Driver(), settings.jdbcUrl(database), settings.username(), settings.password());
    }

    public boolean databaseExists(String database) {
        return databaseExists(maintenance, database);
    }

    /** Its maintenance database, each statement over a connection of its own. */
    public JdbcClient maintenance() {
        return maintenance;
    }

    /** The database's size on disk, or empty when the server has no such database. */
    public Optional<Long> databaseSize(String database) {
        return maintenance.sql("select pg_database_size(oid) from pg_database where datname = :name")
                .param("name", database)
                .query(Long.class)
                .optional();
    }

    /** The size of each of the server's databases whose names start with {@code prefix}. */
    public java.util.Map<String, Long> databaseSizesStartingWith(String prefix) {
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        maintenance.sql("""
                select datname, pg_database_size(oid) as size from pg_database
                where left(datname, length(:prefix)) = :prefix and datallowconn""")
                .param("prefix", prefix)
                .query((rs, row) -> sizes.put(rs.getString("datname"), rs.getLong("size")))
                .list();
        return sizes;
    }

    /**
     * Whether the server has the database, asked through a connection to any of its databases
     * ({@code pg_database} is shared by all): a pooled one spares opening a connection.
     */
    public static boolean databaseExists(JdbcClient anyDatabaseOfTheServer, String database) {
        return anyDatabaseOfTheServer.sql("select exists (select 1 from pg_database where datname = :name)")
                .param("name", database)
                .query(Boolean.class)
                .single();
    }

    /**
     * Creates the database as a copy of {@code template} (template0: empty), with the given
     * comment, over one connection; the comment is how we later recognise our own databases.
     */
    public void createDatabase(String database, String template, String comment) {
        inOneSession(session -> {
            session.sql(createStatement(database, template)).update();
            session.sql(commentStatement(database, comment)).update();
        });
    }

    public void tagDatabase(String database, String comment) {
        maintenance.sql(commentStatement(database, comment)).update();
    }

    private static String commentStatement(String database, String comment) {
        return "comment on database " + SqlIdentifier.quote(database) + " is " + literal(comment);
    }

    /** Creates the database unless it exists; safe when several processes start at once. */
    public void createDatabaseIfMissing(String database) {
        if (databaseExists(database)) {
            return;
        }
        try {
            create(database, "template0");
            log.info("Created database {}", database);
        } catch (DataAccessException e) {
            if (!(e.getMostSpecificCause() instanceof SQLException sql
                    && (DUPLICATE_DATABASE.equals(sql.getSQLState()) || UNIQUE_VIOLATION.equals(sql.getSQLState())))) {
                throw e;
            }
        }
    }

    /**
     * Takes CONNECT (and TEMPORARY) on the database from PUBLIC, which PostgreSQL grants by default,
     * and gives it to the connected role and {@code grantees}: a tenant's own role must not open the
     * AUTH or SHARED database. Only the owner (or a superuser) may; a service that is neither leaves
     * the database as it is. Idempotent, run at every start so earlier installations follow.
     */
    public void restrictConnect(String database, java.util.List<String> grantees) {
        boolean mayGrant = maintenance.sql("""
                select r.rolsuper or pg_has_role(d.datdba, 'MEMBER')
                from pg_database d, pg_roles r where d.datname = :database and r.rolname = current_user""")
                .param("database", database).query(Boolean.class).optional().orElse(false);
        if (!mayGrant) {
            log.info("Database {}: CONNECT left as it is (its owner decides, not {})", database, settings.username());
            return;
        }
        String quoted = SqlIdentifier.quote(database);
        StringBuilder grants = new StringBuilder("grant connect, temporary on database " + quoted + " to current_user");
        grantees.forEach(grantee -> grants.append(", ").append(SqlIdentifier.quote(grantee)));
        // one transaction, one at a time: two services starting together would otherwise update the
        // same ACL at once ("tuple concurrently updated")
        maintenance.sql("do $$ begin perform pg_advisory_xact_lock(hashtext('topsteel.restrict-connect')); "
                + "execute 'revoke connect, temporary on database " + quoted + " from public'; "
                + "execute '" + grants + "'; end $$").update();
    }

    private void create(String database, String template) {
        maintenance.sql(createStatement(database, template)).update();
    }

    private static String createStatement(String database, String template) {
        return "create database " + SqlIdentifier.quote(database) + " encoding 'UTF8' template " + SqlIdentifier.quote(template);
    }

    public Optional<String> databaseComment(String database) {
        return maintenance.sql("select shobj_description(oid, 'pg_database') from pg_database where datname = :name")
                .param("name", database)
                .query(String.class)
                .optional();
    }

    /** The server's databases whose names start with {@code prefix} (matched literally, not as a pattern). */
    public java.util.List<String> databasesStartingWith(String prefix) {
        return maintenance.sql("select datname from pg_database where left(datname, length(:prefix)) = :prefix order by datname")
                .param("prefix", prefix)
                .query(String.class)
                .list();
    }

    /**
     * Gives the database its comment, then renames it, over one connection. PostgreSQL refuses the
     * rename while anyone is connected to the database (SQLSTATE 55006); the comment stays either way.
     */
    public void tagAndRenameDatabase(String database, String comment, String newName) {
        inOneSession(session -> {
            session.sql(commentStatement(database, comment)).update();
            session.sql("alter database " + SqlIdentifier.quote(database) + " rename to " + SqlIdentifier.quote(newName)).update();
        });
    }

    /** Statements that belong together over one maintenance connection: each new session costs a backend's start. */
    private void inOneSession(java.util.function.Consumer<JdbcClient> statements) {
        SingleConnectionDataSource connection = new SingleConnectionDataSource(settings.jdbcUrl(settings.maintenanceDatabase()),
                settings.username(), settings.password(), true);
        try {
            statements.accept(JdbcClient.create(connection));
        } finally {
            connection.destroy();
        }
    }

    /**
     * Renames the database, refusing new sessions and ending the ones it has first (PostgreSQL renames
     * only a database nobody is connected to); it takes connections again under its new name unless
     * {@code closedAfter}.
     */
    public void renameDatabase(String from, String to, boolean closedAfter) {
        maintenance.sql("alter database " + SqlIdentifier.quote(from) + " allow_connections false").update();
        for (int attempt = 1; ; attempt++) {
            maintenance.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = :name and pid <> pg_backend_pid()")
                    .param("name", from)
                    .query()
                    .listOfRows();
            try {
                maintenance.sql("alter database " + SqlIdentifier.quote(from) + " rename to " + SqlIdentifier.quote(to)).update();
                break;
            } catch (DataAccessException stillInUse) {
                // a terminated session takes a moment to end
                if (attempt == 25 || !(stillInUse.getMostSpecificCause() instanceof SQLException sql
                        && OBJECT_IN_USE.equals(sql.getSQLState()))) {
                    throw stillInUse;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stillInUse;
                }
            }
        }
        if (!closedAfter) {
            maintenance.sql("alter database " + SqlIdentifier.quote(to) + " allow_connections true").update();
        }
    }

    /** Lets sessions connect to the database again (see {@link #renameDatabase}). */
    public void allowConnections(String database) {
        maintenance.sql("alter database " + SqlIdentifier.quote(database) + " allow_connections true").update();
    }

    /** Drops the database, disconnecting its sessions; nothing happens when it does not exist. */
    public void dropDatabase(String database) {
        maintenance.sql("drop database if exists " + SqlIdentifier.quote(database) + " with (force)").update();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
