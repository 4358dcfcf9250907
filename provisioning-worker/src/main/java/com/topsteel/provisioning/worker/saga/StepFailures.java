package com.topsteel.provisioning.worker.saga;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Decides whether retrying a failed step can help. Explicit {@link TransientStepFailure} and
 * {@link PermanentStepFailure} say so themselves; otherwise the cause chain is read: lost
 * connections, lock and statement timeouts, serialization failures and deadlocks are
 * transient; everything else (a failing migration, a constraint violation) is permanent.
 */
public final class StepFailures {

    /** SQLSTATEs worth retrying; class 08 (connection exceptions) is matched by prefix. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "55006", // object_in_use: the template database is being accessed by other users
            "57014", // query_canceled (statement timeout)
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now
            "53300"); // too_many_connections

    /** Bounds a description stored in the step log or an upgrade ledger: a failing migration can quote a lot of SQL. */
    private static final int DESCRIPTION_MAX_LENGTH = 4000;

    private StepFailures() {
    }

    /** The failure and its root cause, each with its type, for the step log, the ledger and the logs. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String text = root == failure ? outer : outer + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return text.length() > DESCRIPTION_MAX_LENGTH ? text.substring(0, DESCRIPTION_MAX_LENGTH) + "…" : text;
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PermanentStepFailure) {
                return false;
            }
            if (cause instanceof TransientStepFailure || cause instanceof TransientDataAccessException
                    || cause instanceof SQLTransientException || cause instanceof AmqpConnectException
                    || cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || TRANSIENT_SQL_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
