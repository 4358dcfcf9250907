package com.topsteel.provisioning.gateway.societe;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.topsteel.provisioning.gateway.job.JobAccepted;

import tools.jackson.databind.JsonNode;

/** Moving a société's database to another server: an ops route (docs/servers.md#moving-a-tenant). */
@RestController
class MoveController {

    private final SocieteMoves moves;

    MoveController(SocieteMoves moves) {
        this.moves = moves;
    }

    /** {@code {"server": "pg2"}} → 202 with the MOVE_TENANT job. */
    @PostMapping("/api/societes/{id}/move")
    ResponseEntity<JobAccepted> move(@PathVariable UUID id, @RequestBody JsonNode body) {
        JobAccepted accepted = moves.move(id, SocieteMoves.serverOf(body));
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + accepted.jobId())).body(accepted);
    }
}
