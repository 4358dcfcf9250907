package com.topsteel.provisioning.gateway.server;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.ServerStatus;
import com.topsteel.provisioning.gateway.web.ConflictException;
import com.topsteel.provisioning.gateway.web.NoCapacityException;
import com.topsteel.provisioning.gateway.web.UnprocessableFieldException;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServerRegistry.ServerLoad;

/**
 * Where a new tenant's database goes: the server an operator named, or the least loaded ACTIVE
 * server with room (fewest tenants, then smallest total size). Runs inside the transaction that
 * records the société, under a lock held until it commits, so concurrent placements never
 * overfill a server.
 */
@Service
public class TenantPlacement {

    private final DatabaseServerRegistry registry;

    TenantPlacement(DatabaseServerRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param requested the server an operator named, or null to choose
     * @return the server's name
     * @throws UnprocessableFieldException the named server does not exist (or this gateway cannot reach it)
     * @throws ConflictException           the named server is not ACTIVE
     * @throws NoCapacityException         no room on the named server, or on any
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String place(String requested) {
        List<ServerLoad> loads = registry.lockForPlacement();
        if (requested == null) {
            return DatabaseServerRegistry.leastLoaded(loads).map(ServerLoad::name)
                    .orElseThrow(() -> new NoCapacityException(null,
                            "Aucun serveur PostgreSQL actif n'a de place pour une nouvelle société"));
        }
        Optional<ServerLoad> named = loads.stream().filter(load -> load.name().equals(requested) && load.configured())
                .findFirst();
        if (named.isEmpty()) {
            throw new UnprocessableFieldException("server", "Aucun serveur nommé " + requested);
        }
        if (named.get().status() != ServerStatus.ACTIVE) {
            throw new ConflictException("server", "Le serveur " + requested + " est " + named.get().status()
                    + " : il ne reçoit pas de nouvelle société");
        }
        if (!named.get().hasRoom()) {
            throw new NoCapacityException("server", "Le serveur " + requested + " est plein ("
                    + named.get().tenants() + "/" + named.get().maxTenants() + " sociétés)");
        }
        return requested;
    }
}
