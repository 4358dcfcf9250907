package com.topsteel.provisioning.jobs.move;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * One MOVE_TENANT job's record (docs/servers.md#moving-a-tenant).
 *
 * @param copyDatabase         the copy's name on the target until the switch renames it to the tenant's
 * @param drainJobId           the DRAIN_SERVER job that asked for it, or null
 * @param previousStatus       the société's status before MAINTENANCE, once entered
 * @param sourceRowCounts      rows per table as the copy's snapshot saw the source, once copied
 * @param switchedAt           when AUTH put the société on the target, or null
 * @param jobStatus            its job's status
 */
public record Move(
        UUID jobId,
        UUID societeId,
        String sourceServer,
        String targetServer,
        String copyDatabase,
        UUID drainJobId,
        String previousStatus,
        String sourceSchemaVersion,
        Map<String, Long> sourceRowCounts,
        OffsetDateTime maintenanceEnteredAt,
        OffsetDateTime maintenanceLeftAt,
        OffsetDateTime switchedAt,
        OffsetDateTime createdAt,
        String jobStatus) {

    /** The time the société was unavailable (MAINTENANCE entered → left), once it left; null before. */
    public Long downtimeMillis() {
        return maintenanceEnteredAt == null || maintenanceLeftAt == null ? null
                : Duration.between(maintenanceEnteredAt, maintenanceLeftAt).toMillis();
    }

    public boolean finished() {
        return "SUCCEEDED".equals(jobStatus) || "FAILED".equals(jobStatus);
    }
}
