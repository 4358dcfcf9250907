package com.topsteel.provisioning.worker.move;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/**
 * Moving a tenant to another server (docs/servers.md#moving-a-tenant), and draining a server. Until
 * {@code switch-to-target} commits, any failure or crash leaves the source as the société's database
 * and takes everything of the move off the target; after it, the target is the société's database.
 */
@Configuration(proxyBeanMethods = false)
class MoveSaga {

    @Bean
    Saga moveTenant(TenantMove move) {
        return Saga.of(JobType.MOVE_TENANT)
                .step("enter-maintenance", move::enterMaintenance).compensateWith(move::leaveMaintenance)
                .step("copy-to-target", move::copyToTarget).compensateWith(move::dropCopy)
                .step("verify-copy", move::verifyCopy).nothingToUndo("it only reads the copy and the source")
                .step("create-target-role", move::createTargetRole).compensateWith(move::dropTargetRole)
                .step("switch-to-target", move::switchToTarget).compensateWith(move::switchBack)
                .step("drop-source", move::dropSource)
                        .nothingToUndo("it runs after the switch only: the target is the société's database")
                .step("leave-maintenance", move::finish).nothingToUndo("the move is done")
                .succeedsWith(move::succeeded)
                .failsWith((job, step) -> "Échec du déplacement de la société \"" + job.tenant().nom() + "\" à l'étape "
                        + step)
                .build();
    }

    @Bean
    Saga drainServer(ServerDrain drain) {
        return Saga.of(JobType.DRAIN_SERVER)
                .step("move-tenants-away", drain::moveTenantsAway)
                        .nothingToUndo("each move is a job of its own, finished or undone by itself")
                .succeedsWith(job -> "Serveur vidé de ses sociétés")
                .failsWith((job, step) -> "Vidage du serveur incomplet")
                .build();
    }
}
