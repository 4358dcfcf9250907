package com.topsteel.provisioning.gateway.job;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.jobs.JobFilter;
import com.topsteel.provisioning.jobs.Jobs;
import com.topsteel.provisioning.jobs.Viewer;
import com.topsteel.provisioning.jobs.move.Move;
import com.topsteel.provisioning.jobs.move.TenantMoves;

/** Jobs as the API shows them, to whoever may see them. */
@Service
public class JobListing {

    private final Jobs jobs;
    private final TenantMoves moves;

    JobListing(Jobs jobs, TenantMoves moves) {
        this.jobs = jobs;
        this.moves = moves;
    }

    public Optional<JobView> find(UUID jobId, Viewer viewer) {
        return jobs.find(jobId, viewer).map(JobView::of).map(this::withResult);
    }

    private JobView withResult(JobView job) {
        return switch (job.type()) {
            case MOVE_TENANT -> moves.find(job.id()).map(MoveResult::of).map(job::withResult).orElse(job);
            case DRAIN_SERVER -> job.withResult(DrainResult.of(moves.ofDrain(job.id())));
            default -> job;
        };
    }

    /** A move as its job shows it; {@code downtimeMillis} once the société has left MAINTENANCE. */
    record MoveResult(String sourceServer, String targetServer, String copyDatabase, String previousStatus,
            OffsetDateTime maintenanceEnteredAt, OffsetDateTime maintenanceLeftAt, Long downtimeMillis,
            OffsetDateTime switchedAt, UUID drainJobId) {

        static MoveResult of(Move move) {
            return new MoveResult(move.sourceServer(), move.targetServer(), move.copyDatabase(), move.previousStatus(),
                    move.maintenanceEnteredAt(), move.maintenanceLeftAt(), move.downtimeMillis(), move.switchedAt(),
                    move.drainJobId());
        }
    }

    /** A drain's progress: each move it asked for, and how many ended which way. */
    record DrainResult(int asked, long succeeded, long failed, long running, List<DrainedMove> moves) {

        record DrainedMove(UUID jobId, UUID societeId, String targetServer, String status, Long downtimeMillis) {
        }

        static DrainResult of(List<Move> moves) {
            List<DrainedMove> listed = moves.stream().map(move -> new DrainedMove(move.jobId(), move.societeId(),
                    move.targetServer(), move.jobStatus(), move.downtimeMillis())).toList();
            return new DrainResult(listed.size(), listed.stream().filter(move -> "SUCCEEDED".equals(move.status())).count(),
                    listed.stream().filter(move -> "FAILED".equals(move.status())).count(),
                    moves.stream().filter(move -> !move.finished()).count(), listed);
        }
    }

    /** Newest first, without their step logs. */
    public PageOf<JobView> page(JobSearch search, Viewer viewer, int page, int size) {
        JobFilter filter = search.filter();
        return PageOf.of(jobs.page(filter, viewer, page, size).stream().map(JobView::of).toList(), page, size,
                jobs.count(filter, viewer));
    }
}
