package com.topsteel.provisioning.worker.move;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.move.Move;
import com.topsteel.provisioning.jobs.move.TenantMoves;
import com.topsteel.provisioning.worker.backup.TenantDumps;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;
import com.topsteel.provisioning.worker.tenantdb.TenantRoles;

/**
 * The steps of a MOVE_TENANT job (docs/servers.md#moving-a-tenant). Until the switch the source is
 * the société's database and the target holds only a copy under a name no société can have; the
 * switch renames the copy and then, in one AUTH transaction, puts the société on the target; the
 * source is dropped only after that. Every undo first asks where AUTH says the société is: the
 * source stays authoritative until the switch, and nothing of the move is left on the target after
 * an undo.
 */
@Component
class TenantMove {

    private static final Logger log = LoggerFactory.getLogger(TenantMove.class);
    private static final String MOVABLE = "'ACTIVE', 'INACTIVE', 'SUSPENDED', 'TRIAL'";

    private final TenantMoves moves;
    private final TenantDumps dumps;
    private final TenantDatabases databases;
    private final TenantRoles roles;
    private final DatabaseServers servers;
    private final JdbcClient auth;
    private final TransactionTemplate transaction;

    TenantMove(TenantMoves moves, TenantDumps dumps, TenantDatabases databases, TenantRoles roles, DatabaseServers servers,
            JdbcClient auth, TransactionTemplate transaction) {
        this.moves = moves;
        this.dumps = dumps;
        this.databases = databases;
        this.roles = roles;
        this.servers = servers;
        this.auth = auth;
        this.transaction = transaction;
    }

    /** MAINTENANCE, the status it had kept to go back to; the unavailable time starts. */
    void enterMaintenance(JobContext job) {
        Move move = moveOf(job);
        String status = auth.sql("select status from societes where id = :id").param("id", move.societeId())
                .query(String.class).optional()
                .orElseThrow(() -> new PermanentStepFailure("société " + job.tenant().code() + " no longer exists"));
        if ("MAINTENANCE".equals(status) && move.previousStatus() != null) {
            return;
        }
        String server = databases.serverOfSociete(move.societeId(), job.tenant().code()).name();
        if (!server.equals(move.sourceServer())) {
            throw new PermanentStepFailure("société " + job.tenant().code() + " is on server " + server + ", not "
                    + move.sourceServer() + ": nothing to move");
        }
        transaction.executeWithoutResult(tx -> {
            int changed = auth.sql("update societes set status = 'MAINTENANCE', updated_at = now() where id = :id and status in ("
                    + MOVABLE + ")").param("id", move.societeId()).update();
            if (changed == 0) {
                throw new PermanentStepFailure("société " + job.tenant().code() + " is " + status + ": it cannot be moved now");
            }
            moves.recordMaintenanceEntered(job.jobId(), status);
        });
        log.info("Job {} société {}: MAINTENANCE for its move from server {} to {} (was {})", job.jobId(), job.tenant().code(),
                move.sourceServer(), move.targetServer(), status);
    }

    /** Undoes {@link #enterMaintenance}: back to the status it had; the unavailable time ends. */
    void leaveMaintenance(JobContext job) {
        Move move = moveOf(job);
        if (move.previousStatus() == null) {
            return;
        }
        transaction.executeWithoutResult(tx -> {
            auth.sql("update societes set status = :status, updated_at = now() where id = :id and status = 'MAINTENANCE'")
                    .param("status", move.previousStatus()).param("id", move.societeId()).update();
            moves.recordMaintenanceLeft(job.jobId());
        });
        Move left = moveOf(job);
        log.info("Job {} société {}: {} again on server {}, unavailable for {} ms", job.jobId(), job.tenant().code(),
                move.previousStatus(), currentServer(move), left.downtimeMillis());
    }

    /**
     * The source database copied into the job's own database on the target ({@code pg_dump -Fc |
     * pg_restore}, streamed); a half copy left by a crashed attempt is dropped and made again. The
     * snapshot's schema version and rows per table are recorded: the copy and the source are checked
     * against them.
     */
    void copyToTarget(JobContext job) {
        Move move = moveOf(job);
        PostgresServer source = server(move.sourceServer());
        PostgresServer target = server(move.targetServer());
        String tenant = job.tenant().databaseName();
        if (renamedOnTarget(job, move, target)) {
            return;
        }
        if (databases.exists(target, tenant)) {
            throw new PermanentStepFailure("server " + target.name() + " already has a database " + tenant
                    + " this move did not make: nothing copied");
        }
        databases.dropIfCreatedBy(target, move.copyDatabase(), job.jobId());
        databases.createEmpty(target, move.copyDatabase(), job.jobId());
        long started = System.nanoTime();
        TenantDumps.Dump snapshot = dumps.copy(source, tenant, target, move.copyDatabase());
        moves.recordSourceSnapshot(job.jobId(), snapshot.schemaVersion(), snapshot.rowCounts());
        log.info("Job {} société {}: {} copied from server {} into {} on server {} in {} ms ({} tables, version {})",
                job.jobId(), job.tenant().code(), tenant, source.name(), move.copyDatabase(), target.name(),
                (System.nanoTime() - started) / 1_000_000, snapshot.rowCounts().size(), snapshot.schemaVersion());
    }

    /** Undoes {@link #copyToTarget}: the copy, only when this job made it and the société is not on the target. */
    void dropCopy(JobContext job) {
        Move move = moveOf(job);
        if (switched(move)) {
            log.warn("Job {} société {}: on server {} already, its source gone: the copy is its database and stays",
                    job.jobId(), job.tenant().code(), move.targetServer());
            return;
        }
        databases.dropIfCreatedBy(server(move.targetServer()), move.copyDatabase(), job.jobId());
    }

    /**
     * The copy holds what the snapshot saw (schema version, rows per table), and the source still
     * does: a write during the move (the ERP must not write to a société in MAINTENANCE) fails it.
     */
    void verifyCopy(JobContext job) {
        Move move = moveOf(job);
        PostgresServer target = server(move.targetServer());
        String copy = renamedOnTarget(job, move, target) ? job.tenant().databaseName() : move.copyDatabase();
        Optional<String> copied = TenantDumps.differences(move.sourceSchemaVersion(), move.sourceRowCounts(),
                dumps.contentsOf(target, copy));
        if (copied.isPresent()) {
            throw new PermanentStepFailure("the copy " + copy + " on server " + target.name() + " differs from the source: "
                    + copied.get());
        }
        if (!switched(move)) {
            Optional<String> written = TenantDumps.differences(move.sourceSchemaVersion(), move.sourceRowCounts(),
                    dumps.contentsOf(server(move.sourceServer()), job.tenant().databaseName()));
            if (written.isPresent()) {
                throw new PermanentStepFailure("the source changed during the move: " + written.get());
            }
        }
        log.info("Job {} société {}: copy verified, {} tables and version {} as the source", job.jobId(), job.tenant().code(),
                move.sourceRowCounts().size(), move.sourceSchemaVersion());
    }

    /** The tenant's role on the target, owner of the copy; none when the société has none (made before roles were). */
    void createTargetRole(JobContext job) {
        Move move = moveOf(job);
        if (databaseRole(move).isEmpty()) {
            log.info("Job {} société {}: no database role to bring to server {}", job.jobId(), job.tenant().code(),
                    move.targetServer());
            return;
        }
        PostgresServer target = server(move.targetServer());
        String database = renamedOnTarget(job, move, target) ? job.tenant().databaseName() : move.copyDatabase();
        roles.copyToServer(job.jobId(), server(move.sourceServer()), target, job.tenant().databaseName(), database);
    }

    /** Undoes {@link #createTargetRole}: the role this job made on the target, unless the société is there for good. */
    void dropTargetRole(JobContext job) {
        Move move = moveOf(job);
        if (switched(move)) {
            return;
        }
        roles.dropIfCreatedBy(job.jobId(), server(move.targetServer()), job.tenant().databaseName(), move.copyDatabase());
    }

    /**
     * The copy renamed to the tenant's name on the target, then the société put on the target in AUTH
     * (one transaction): from that commit on the target is its database.
     */
    void switchToTarget(JobContext job) {
        Move move = moveOf(job);
        PostgresServer target = server(move.targetServer());
        String tenant = job.tenant().databaseName();
        if (!renamedOnTarget(job, move, target)) {
            if (databases.exists(target, tenant)) {
                throw new PermanentStepFailure("server " + target.name() + " has a database " + tenant + " this move did not make");
            }
            if (!databases.exists(target, move.copyDatabase())) {
                throw new PermanentStepFailure("the copy " + move.copyDatabase() + " is gone from server " + target.name());
            }
            target.renameDatabase(move.copyDatabase(), tenant, false);
        }
        boolean switchedNow = Boolean.TRUE.equals(transaction.execute(tx -> moves.switchSociete(move)));
        log.info("Job {} société {}: switched to server {}{}", job.jobId(), job.tenant().code(), target.name(),
                switchedNow ? "" : " (by an earlier attempt)");
    }

    /**
     * Undoes {@link #switchToTarget} while the source database is still there: AUTH back to the source,
     * the target's database renamed back to the copy's name (which the copy's undo drops). With the
     * source gone the target stays the société's database.
     */
    void switchBack(JobContext job) {
        Move move = moveOf(job);
        PostgresServer source = server(move.sourceServer());
        PostgresServer target = server(move.targetServer());
        String tenant = job.tenant().databaseName();
        if (!databases.exists(source, tenant)) {
            log.warn("Job {} société {}: its source database is gone, it stays on server {}", job.jobId(),
                    job.tenant().code(), target.name());
            return;
        }
        transaction.executeWithoutResult(tx -> moves.switchBack(move));
        if (renamedOnTarget(job, move, target) && !databases.exists(target, move.copyDatabase())) {
            target.renameDatabase(tenant, move.copyDatabase(), false);
        }
        log.info("Job {} société {}: back on server {}", job.jobId(), job.tenant().code(), source.name());
    }

    /** The source database, and its role there, once AUTH says the société is on the target: never before. */
    void dropSource(JobContext job) {
        Move move = moveOf(job);
        if (!switched(move)) {
            throw new PermanentStepFailure("société " + job.tenant().code() + " is not on server " + move.targetServer()
                    + ": its source database is not dropped");
        }
        PostgresServer source = server(move.sourceServer());
        source.dropDatabase(job.tenant().databaseName());
        roles.dropTagged(job.jobId(), source, job.tenant().databaseName());
        log.info("Job {} société {}: database {} dropped on server {}, its former server", job.jobId(), job.tenant().code(),
                job.tenant().databaseName(), source.name());
    }

    /** Back to its status, on the target; the unavailable time is recorded on the move and logged. */
    void finish(JobContext job) {
        leaveMaintenance(job);
    }

    /** The success message, with the unavailable time. */
    String succeeded(JobContext job) {
        Move move = moveOf(job);
        return "Société \"" + job.tenant().nom() + "\" déplacée du serveur " + move.sourceServer() + " vers "
                + move.targetServer() + " (indisponible " + move.downtimeMillis() + " ms)";
    }

    /** Whether this job's copy already carries the tenant's name on the target (the switch's rename ran). */
    private boolean renamedOnTarget(JobContext job, Move move, PostgresServer target) {
        String tenant = job.tenant().databaseName();
        return databases.exists(target, tenant) && databases.createdBy(target, tenant, job.jobId());
    }

    /** Whether AUTH has the société on the target. */
    private boolean switched(Move move) {
        return move.targetServer().equals(currentServer(move));
    }

    private String currentServer(Move move) {
        return auth.sql("select server from societes where id = :id").param("id", move.societeId())
                .query(String.class).optional().orElse(null);
    }

    private Optional<String> databaseRole(Move move) {
        return auth.sql("select database_role from societes where id = :id and database_role is not null")
                .param("id", move.societeId()).query(String.class).optional();
    }

    private PostgresServer server(String name) {
        return servers.find(name)
                .orElseThrow(() -> new PermanentStepFailure("server " + name + " is not among this worker's servers"));
    }

    private Move moveOf(JobContext job) {
        return moves.find(job.jobId()).orElseThrow(() -> new PermanentStepFailure("job " + job.jobId() + " has no move record"));
    }
}
