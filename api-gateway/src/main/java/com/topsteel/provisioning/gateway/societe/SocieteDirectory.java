package com.topsteel.provisioning.gateway.societe;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NotFoundException;
import com.topsteel.provisioning.gateway.security.CurrentCaller;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

/** Reading sociétés, their users, and the status changes an operator may make by hand. */
@Service
class SocieteDirectory {

    private static final Logger log = LoggerFactory.getLogger(SocieteDirectory.class);

    /**
     * A société being provisioned or deleted belongs to its job; nobody else changes its status. A
     * DEGRADED one is activated once its database is restored (the reconciler flags it again if not).
     */
    private static final Set<SocieteStatus> MANUALLY_SUSPENDABLE =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL);
    private static final Set<SocieteStatus> MANUALLY_ACTIVATABLE =
            EnumSet.of(SocieteStatus.ACTIVE, SocieteStatus.INACTIVE, SocieteStatus.SUSPENDED, SocieteStatus.TRIAL,
                    SocieteStatus.DEGRADED);

    private final Societes societes;
    private final SocieteUsers users;
    private final DatabaseServers servers;

    SocieteDirectory(Societes societes, SocieteUsers users, DatabaseServers servers) {
        this.servers = servers;
        this.societes = societes;
        this.users = users;
    }

    PageOf<SocieteView> page(SocieteStatus status, Plan plan, String codePrefix, int page, int size) {
        return societes.page(status, plan, codePrefix, CurrentCaller.viewer(), page, size);
    }

    SocieteStatistics statistics() {
        return societes.statistics(CurrentCaller.viewer());
    }

    /** A client sees its own sociétés only; another's is as good as absent (404). */
    SocieteView byId(UUID id) {
        return withDatabaseSize(visible(id));
    }

    SocieteView byCode(String code) {
        return withDatabaseSize(societes.findByCode(code, CurrentCaller.viewer())
                .orElseThrow(() -> new NotFoundException("No société with code " + code)));
    }

    /** The société's users, by e-mail; what a user row holds but a page has no use for (its password hash) stays out. */
    PageOf<SocieteUser> users(UUID societeId, int page, int size) {
        visible(societeId);
        return users.page(societeId, page, size);
    }

    private SocieteView visible(UUID id) {
        return societes.findById(id, CurrentCaller.viewer()).orElseThrow(() -> notFound(id));
    }

    private SocieteView withDatabaseSize(SocieteView societe) {
        Optional<PostgresServer> server = servers.find(societe.server());
        Optional<Long> size = server.isEmpty() ? Optional.empty()
                : servers.isPrimary(server.get()) ? societes.databaseSize(societe.databaseName())
                : sizeOnServer(server.get(), societe.databaseName());
        return size.map(societe::withDatabaseSize).orElse(societe);
    }

    private static Optional<Long> sizeOnServer(PostgresServer server, String database) {
        try {
            return server.databaseSize(database);
        } catch (DataAccessException unreachable) {
            return Optional.empty();
        }
    }

    // no transaction around a status change: it is one guarded update, and the read that follows
    // (the database size) must not abort anything when that database is dropped meanwhile
    SocieteView activate(UUID id) {
        return changeStatus(id, MANUALLY_ACTIVATABLE, SocieteStatus.ACTIVE);
    }

    SocieteView suspend(UUID id) {
        return changeStatus(id, MANUALLY_SUSPENDABLE, SocieteStatus.SUSPENDED);
    }

    private SocieteView changeStatus(UUID id, Set<SocieteStatus> allowedFrom, SocieteStatus target) {
        if (!societes.transition(id, allowedFrom, target)) {
            SocieteView current = visible(id);
            throw new ConflictException("status", "La société " + current.code() + " est " + current.status()
                    + " : elle ne peut pas passer à " + target);
        }
        SocieteView changed = byId(id);
        log.info("Société {} is now {}", changed.code(), target);
        return changed;
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No société " + id);
    }
}
