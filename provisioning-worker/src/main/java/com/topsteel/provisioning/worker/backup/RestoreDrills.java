package com.topsteel.provisioning.worker.backup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.logging.JobLogContext;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.backup.Backup;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.saga.PermanentStepFailure;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

import tools.jackson.databind.json.JsonMapper;

/**
 * A DRILL_RESTORES job: the latest SUCCEEDED backup of a sample of ACTIVE sociétés (those verified
 * longest ago first) restored into a scratch database, its schema version and rows per table compared
 * with the backup's record, the scratch database dropped. A backup found as recorded gets its
 * {@code verifiedAt}; one that is not fails the job, naming it.
 */
@Component
public class RestoreDrills {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrills.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Backups backups;
    private final TenantDumps dumps;
    private final TenantDatabases databases;
    private final DatabaseServers servers;
    private final JdbcClient auth;
    private final BackupMetrics metrics;
    private final BackupSettings settings;

    RestoreDrills(Backups backups, TenantDumps dumps, TenantDatabases databases, DatabaseServers servers, JdbcClient auth,
            BackupMetrics metrics, BackupSettings settings) {
        this.backups = backups;
        this.dumps = dumps;
        this.databases = databases;
        this.servers = servers;
        this.auth = auth;
        this.metrics = metrics;
        this.settings = settings;
    }

    static String payload(int sample) {
        return "{\"sample\": " + sample + "}";
    }

    public void drill(JobContext job) {
        var sampleArgument = job.payload() == null ? null : JSON.readTree(job.payload()).path("sample");
        int sample = sampleArgument != null && sampleArgument.isInt() ? Math.max(1, sampleArgument.intValue())
                : settings.drillSample();
        List<UUID> sampled = auth.sql("""
                select b.societe_id from provisioning.backups b join societes s on s.id = b.societe_id
                where b.status = 'SUCCEEDED' and s.status = 'ACTIVE'
                group by b.societe_id
                order by max(b.verified_at) nulls first, b.societe_id
                limit :sample""")
                .param("sample", sample)
                .query(UUID.class)
                .list();
        Map<String, String> failures = new LinkedHashMap<>();
        for (UUID societeId : sampled) {
            Optional<Backup> latest = backups.latestSucceeded(societeId);
            if (latest.isEmpty()) {
                continue;
            }
            Backup backup = latest.get();
            try (var logContext = JobLogContext.of(job.jobId(), job.type(), backup.societeCode())) {
                drill(job, backup).ifPresent(problem -> failures.put(backup.societeCode(), problem));
            }
        }
        log.info("Restore drill: {} backups restored, {} did not match", sampled.size(), failures.size());
        if (!failures.isEmpty()) {
            throw new PermanentStepFailure("restore drill: " + failures.size() + " of " + sampled.size()
                    + " backups did not restore as recorded: " + failures);
        }
    }

    /** Drops any scratch database an earlier attempt of this job left, on every server (each drill is on its société's). */
    public void dropScratchDatabases(JobContext job) {
        for (PostgresServer server : servers.all()) {
            for (String database : server.databasesStartingWith(scratchPrefix(job))) {
                databases.dropIfCreatedBy(server, database, job.jobId());
            }
        }
    }

    private Optional<String> drill(JobContext job, Backup backup) {
        String scratch = scratchPrefix(job) + backup.id().toString().replace("-", "").substring(0, 8);
        // restored beside the société's database, on its server: the drill proves that server can take it back
        PostgresServer server = databases.serverOfSociete(backup.societeId(), backup.societeCode());
        try {
            dumps.verify(backup);
            databases.dropIfCreatedBy(server, scratch, job.jobId());
            databases.createEmpty(server, scratch, job.jobId());
            dumps.restoreInto(backup, server, scratch);
            Optional<String> differences = dumps.differencesFrom(backup, server, scratch);
            if (differences.isEmpty()) {
                backups.markVerified(backup.id());
                log.info("Restore drill: backup {} of société {} restored as recorded", backup.id(), backup.societeCode());
            } else {
                metrics.drillFailed();
                log.error("Restore drill: backup {} of société {} differs: {}", backup.id(), backup.societeCode(),
                        differences.get());
            }
            return differences;
        } catch (RuntimeException failed) {
            metrics.drillFailed();
            log.error("Restore drill: backup {} of société {} failed: {}", backup.id(), backup.societeCode(), failed.getMessage());
            return Optional.of(failed.getMessage());
        } finally {
            databases.dropIfCreatedBy(server, scratch, job.jobId());
        }
    }

    /** No société code starts with an underscore: no tenant database can carry this name. */
    private String scratchPrefix(JobContext job) {
        return servers.primary().settings().tenantDatabasePrefix() + "_drill_" + job.jobId().toString().substring(0, 8) + "_";
    }
}
