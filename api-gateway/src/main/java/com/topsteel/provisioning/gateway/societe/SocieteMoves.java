package com.topsteel.provisioning.gateway.societe;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.job.JobAccepted;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.InvalidFieldException;
import com.topsteel.provisioning.gateway.web.NoCapacityException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.web.UnprocessableFieldException;
import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.Job;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.jobs.move.TenantMoves;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/societes/{id}/move} (ops): a MOVE_TENANT job, accepted only when it can run —
 * the société idle, the server known, another one, ACTIVE, with room counting the moves already on
 * their way there — and refused with nothing recorded otherwise (docs/servers.md#moving-a-tenant).
 */
@Service
class SocieteMoves {

    private static final Logger log = LoggerFactory.getLogger(SocieteMoves.class);
    /** A société with a database in use and no job creating, taking apart or restoring it. */
    private static final Set<SocieteStatus> MOVE_FROM =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL);

    private final Societes societes;
    private final TenantMoves moves;
    private final DatabaseServerRegistry registry;
    private final PostgresSettings postgres;

    SocieteMoves(Societes societes, TenantMoves moves, DatabaseServerRegistry registry, PostgresSettings postgres) {
        this.societes = societes;
        this.moves = moves;
        this.registry = registry;
        this.postgres = postgres;
    }

    /** {@code {"server": "pg2"}} and nothing else. */
    static String serverOf(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object naming the target server: {\"server\": \"…\"}");
        }
        for (String field : body.propertyNames()) {
            if (!"server".equals(field)) {
                throw new InvalidFieldException(field, "unknown field: a move takes server only");
            }
        }
        JsonNode server = body.get("server");
        if (server == null || server.isNull()) {
            throw new InvalidFieldException("server", "is required: the server to move the société to");
        }
        if (!server.isString() || !DatabaseServers.NAME.matcher(server.asString()).matches()) {
            throw new InvalidFieldException("server", "must be a server name: lower-case letters, digits, '_' or '-' (at most 63)");
        }
        return server.asString();
    }

    @Transactional
    JobAccepted move(UUID societeId, String server) {
        SocieteView societe = societes.findById(societeId, CurrentCaller.viewer())
                .orElseThrow(() -> new NotFoundException("No société " + societeId));
        if (!MOVE_FROM.contains(societe.status())) {
            throw new ConflictException("status", "La société " + societe.code() + " est " + societe.status()
                    + " : elle ne peut pas être déplacée maintenant");
        }
        List<ServerLoad> loads = registry.lockForPlacement();
        Map<String, Long> incoming = moves.incomingByServer();
        Optional<ServerLoad> target = loads.stream().filter(load -> load.name().equals(server) && load.configured()).findFirst();
        if (target.isEmpty()) {
            throw new UnprocessableFieldException("server", "Aucun serveur nommé " + server);
        }
        if (server.equals(societe.server())) {
            throw new ConflictException("server", "La société " + societe.code() + " est déjà sur le serveur " + server);
        }
        if (target.get().status() != ServerStatus.ACTIVE) {
            throw new ConflictException("server", "Le serveur " + server + " est " + target.get().status()
                    + " : il ne reçoit pas de nouvelle société");
        }
        ServerLoad counted = target.get().withIncoming(incoming.getOrDefault(server, 0L));
        if (!counted.hasRoom()) {
            throw new NoCapacityException("server", "Le serveur " + server + " est plein (" + counted.tenants() + "/"
                    + counted.maxTenants() + " sociétés, déplacements en cours compris)");
        }
        TenantRef tenant = new TenantRef(societe.id(), societe.code(), societe.nom(), societe.databaseName());
        Job job = moves.requestMove(tenant, societe.server(), server, postgres.tenantDatabasePrefix(), null,
                CurrentCaller.name());
        try (var logContext = JobLogContext.of(job.id(), job.type(), societe.code())) {
            log.info("Accepted the move of société {} from server {} to {} as job {}", societe.code(), societe.server(),
                    server, job.id());
        }
        return JobAccepted.of(job, "Déplacement de la société \"" + societe.nom() + "\" vers le serveur " + server + " en cours");
    }
}
