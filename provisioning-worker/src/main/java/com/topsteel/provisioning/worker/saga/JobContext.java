package com.topsteel.provisioning.worker.saga;

import java.util.UUID;

/** What every step of a job needs to know: which job, for which société and database. */
public record JobContext(UUID jobId, UUID societeId, String societeCode, String societeNom, String databaseName) {
}
