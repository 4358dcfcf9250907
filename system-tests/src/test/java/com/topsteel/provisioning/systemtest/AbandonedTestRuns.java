package com.topsteel.provisioning.systemtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What test runs killed before their shutdown hook left on the local services: their databases
 * and virtual host. A live run holds an advisory lock named after its run id for as long as its
 * JVM lives, so a run whose lock is free is gone; the databases must also be over an hour old,
 * which spares runs of checkouts that predate the lock.
 */
final class AbandonedTestRuns {

    private static final Logger log = LoggerFactory.getLogger(AbandonedTestRuns.class);
    private static final String RUN_LOCK = "select pg_try_advisory_lock(hashtext('topsteel-test-run:' || ?))";
    private static final String OLD_RUNS = """
            select substring(datname from '^erp_topsteel_auth_(t[a-z0-9]{6})$')
            from pg_database
            where datname ~ '^erp_topsteel_auth_t[a-z0-9]{6}$'
              and (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 hour'
            """;

    private AbandonedTestRuns() {
    }

    /** Marks this run as live until {@code session} closes, which the JVM's end does too. */
    static void markLive(Connection session, String runId) throws SQLException {
        if (!tryLock(session, runId)) {
            throw new IllegalStateException("Test run id " + runId + " is already in use");
        }
    }

    /** Drops the databases of dead runs and hands their ids to {@code releaseVirtualHost}. */
    static void removeAll(Connection session, Consumer<String> releaseVirtualHost) {
        try {
            for (String runId : oldRuns(session)) {
                if (!tryLock(session, runId)) {
                    continue;
                }
                try {
                    for (String database : databasesOf(session, runId)) {
                        try (Statement drop = session.createStatement()) {
                            drop.execute("drop database if exists \"" + database + "\" with (force)");
                        }
                    }
                    releaseVirtualHost.accept(runId);
                    log.info("Removed the databases and virtual host left by dead test run {}", runId);
                } finally {
                    try (PreparedStatement unlock = session.prepareStatement(
                            "select pg_advisory_unlock(hashtext('topsteel-test-run:' || ?))")) {
                        unlock.setString(1, runId);
                        unlock.execute();
                    }
                }
            }
            removeTenantRolesOfEndedRuns(session);
        } catch (SQLException e) {
            // cleaning up after others is a courtesy; this run goes on without it
            log.warn("Could not look for abandoned test runs: {}", e.getMessage());
        }
    }

    /**
     * Tenant roles are the server's, not a database's: a run's roles outlive its databases unless
     * dropped. Drops those (tagged by a provisioning job) of every run with no AUTH database left
     * and no live session; a role that still owns something stays.
     */
    private static void removeTenantRolesOfEndedRuns(Connection session) throws SQLException {
        List<String[]> roles = new ArrayList<>();
        try (Statement query = session.createStatement(); ResultSet rows = query.executeQuery("""
                select r.rolname, substring(r.rolname from '^erp_topsteel_(t[a-z0-9]{6})_') as run_id
                from pg_roles r
                where (r.rolname ~ '^erp_topsteel_t[a-z0-9]{6}_.+_app$'
                       and shobj_description(r.oid, 'pg_authid') like 'created by topsteel provisioning job %'
                       -- the role a run's services connected as
                       or r.rolname ~ '^erp_topsteel_t[a-z0-9]{6}_provisioner$'
                       and shobj_description(r.oid, 'pg_authid') like 'topsteel system tests, run %')
                  and not exists (select 1 from pg_database d
                                  where d.datname = 'erp_topsteel_auth_' || substring(r.rolname from '^erp_topsteel_(t[a-z0-9]{6})_'))
                """)) {
            while (rows.next()) {
                roles.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        for (String[] role : roles) {
            dropRoleOfEndedRun(session, role[0], role[1]);
        }
    }

    private static void dropRoleOfEndedRun(Connection session, String role, String runId) throws SQLException {
        if (!tryLock(session, runId)) {
            return;
        }
        try (Statement drop = session.createStatement()) {
            drop.execute("drop role if exists \"" + role + "\"");
        } catch (SQLException stillOwnsSomething) {
            log.debug("Role {} of ended test run {} not dropped: {}", role, runId, stillOwnsSomething.getMessage());
        } finally {
            try (PreparedStatement unlock = session.prepareStatement(
                    "select pg_advisory_unlock(hashtext('topsteel-test-run:' || ?))")) {
                unlock.setString(1, runId);
                unlock.execute();
            }
        }
    }

    private static List<String> oldRuns(Connection session) throws SQLException {
        try (Statement query = session.createStatement(); ResultSet rows = query.executeQuery(OLD_RUNS)) {
            List<String> runIds = new ArrayList<>();
            while (rows.next()) {
                runIds.add(rows.getString(1));
            }
            return runIds;
        }
    }

    private static List<String> databasesOf(Connection session, String runId) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("""
                select datname from pg_database
                where datname in ('erp_topsteel_auth_' || ?, 'erp_topsteel_shared_' || ?)
                   or starts_with(datname, 'erp_topsteel_' || ? || '_')
                order by datname = 'erp_topsteel_auth_' || ?
                """)) {
            for (int i = 1; i <= 4; i++) {
                query.setString(i, runId);
            }
            try (ResultSet rows = query.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        }
    }

    private static boolean tryLock(Connection session, String runId) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement(RUN_LOCK)) {
            lock.setString(1, runId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
