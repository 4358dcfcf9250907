package com.topsteel.provisioning.worker.move;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.move.Move;
import com.topsteel.provisioning.jobs.move.TenantMoves;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one step of a DRAIN_SERVER job: every société of the server moved away by a MOVE_TENANT job
 * of its own, at most {@code maxParallel} at a time, each to the least loaded ACTIVE server with
 * room (counting the moves already on their way there). A société that cannot move (no room
 * anywhere, not in a status that moves, another job on it) or whose move fails is named at the
 * end; the others go on. Taken over after a crash, the step finds the moves it asked for and waits
 * for them rather than asking again; the server set back to ACTIVE stops it asking for more.
 */
@Component
class ServerDrain {

    private static final Logger log = LoggerFactory.getLogger(ServerDrain.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> MOVABLE = Set.of("ACTIVE", "INACTIVE", "SUSPENDED", "TRIAL");
    private static final Duration POLL = Duration.ofMillis(500);

    private final TenantMoves moves;
    private final DatabaseServerRegistry registry;
    private final DatabaseServers servers;
    private final JdbcClient auth;
    private final TransactionTemplate transaction;

    ServerDrain(TenantMoves moves, DatabaseServerRegistry registry, DatabaseServers servers, JdbcClient auth,
            TransactionTemplate transaction) {
        this.moves = moves;
        this.registry = registry;
        this.servers = servers;
        this.auth = auth;
        this.transaction = transaction;
    }

    void moveTenantsAway(JobContext job) {
        var payload = JSON.readTree(job.payload());
        String server = payload.path("server").asString();
        int maxParallel = Math.max(1, payload.path("maxParallel").asInt(2));
        OffsetDateTime attemptStarted = auth.sql("select now()").query(OffsetDateTime.class).single();
        Map<String, String> notMoved = new LinkedHashMap<>();
        Set<UUID> givenUp = new HashSet<>();
        boolean stopped = false;
        log.info("Drain job {}: moving the tenants of server {} away, {} at a time", job.jobId(), server, maxParallel);
        while (true) {
            List<Move> asked = moves.ofDrain(job.jobId());
            for (Move move : asked) {
                // a move failed during this attempt is not asked again; one failed before (a retried drain) is
                if ("FAILED".equals(move.jobStatus()) && !move.createdAt().isBefore(attemptStarted)
                        && givenUp.add(move.societeId())) {
                    notMoved.put(codeOf(move.societeId()), "move job " + move.jobId() + " FAILED");
                }
            }
            long running = asked.stream().filter(move -> !move.finished()).count();
            Set<UUID> moving = new HashSet<>();
            asked.stream().filter(move -> !move.finished()).forEach(move -> moving.add(move.societeId()));
            if (!stopped && registry.load(server).map(ServerLoad::status).orElse(null) != ServerStatus.DRAINING) {
                stopped = true;
                log.warn("Drain job {}: server {} is no longer DRAINING: no more moves asked for", job.jobId(), server);
            }
            List<Candidate> waiting = stopped ? List.of() : candidates(server).stream()
                    .filter(candidate -> !moving.contains(candidate.tenant().societeId()) && !givenUp.contains(candidate.tenant().societeId()))
                    .toList();
            for (Candidate candidate : waiting) {
                if (running >= maxParallel) {
                    break;
                }
                Optional<String> refusal = ask(job, server, candidate);
                if (refusal.isPresent()) {
                    givenUp.add(candidate.tenant().societeId());
                    notMoved.put(candidate.tenant().code(), refusal.get());
                    log.warn("Drain job {}: société {} not moved: {}", job.jobId(), candidate.tenant().code(), refusal.get());
                } else {
                    running++;
                }
            }
            if (running == 0 && (stopped || waiting.stream().allMatch(candidate -> givenUp.contains(candidate.tenant().societeId())))) {
                break;
            }
            sleep();
        }
        long moved = moves.ofDrain(job.jobId()).stream().filter(move -> "SUCCEEDED".equals(move.jobStatus())).count();
        log.info("Drain job {}: {} tenants moved off server {}, {} not moved", job.jobId(), moved, server, notMoved.size());
        if (stopped) {
            throw new PermanentStepFailure("server " + server + " is no longer DRAINING: drain stopped after " + moved
                    + " moves" + (notMoved.isEmpty() ? "" : "; not moved: " + notMoved));
        }
        if (!notMoved.isEmpty()) {
            throw new PermanentStepFailure(notMoved.size() + " sociétés not moved off server " + server + ": " + notMoved);
        }
    }

    /** A MOVE_TENANT job for the société to the least loaded other ACTIVE server with room; the reason when there is none. */
    private Optional<String> ask(JobContext drain, String server, Candidate candidate) {
        if (!MOVABLE.contains(candidate.status())) {
            return Optional.of("status " + candidate.status() + " (a société moves when ACTIVE, INACTIVE, SUSPENDED or TRIAL)");
        }
        try {
            return transaction.execute(tx -> {
                Map<String, Long> incoming = moves.incomingByServer();
                List<ServerLoad> loads = registry.lockForPlacement().stream()
                        .filter(load -> !load.name().equals(server) && servers.find(load.name()).isPresent())
                        .map(load -> load.withIncoming(incoming.getOrDefault(load.name(), 0L)))
                        .toList();
                Optional<ServerLoad> target = DatabaseServerRegistry.leastLoaded(loads);
                if (target.isEmpty()) {
                    return Optional.of("no other ACTIVE server has room");
                }
                Job move = moves.requestMove(candidate.tenant(), server, target.get().name(),
                        servers.primary().settings().tenantDatabasePrefix(), drain.jobId(), "drain");
                try (var logContext = JobLogContext.of(move.id(), move.type(), candidate.tenant().code())) {
                    log.info("Drain job {}: société {} to move from server {} to {} by job {}", drain.jobId(),
                            candidate.tenant().code(), server, target.get().name(), move.id());
                }
                return Optional.<String>empty();
            });
        } catch (JobConflictException busy) {
            return Optional.of("another job is queued or running for it");
        }
    }

    private record Candidate(TenantRef tenant, String status) {
    }

    private List<Candidate> candidates(String server) {
        return auth.sql("select id, code, nom, database_name, status from societes where server = :server order by code")
                .param("server", server)
                .query((rs, row) -> new Candidate(new TenantRef(rs.getObject("id", UUID.class), rs.getString("code"),
                        rs.getString("nom"), rs.getString("database_name")), rs.getString("status")))
                .list();
    }

    private String codeOf(UUID societeId) {
        return auth.sql("select code from societes where id = :id").param("id", societeId).query(String.class).optional()
                .orElse(societeId.toString());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
    }
}
