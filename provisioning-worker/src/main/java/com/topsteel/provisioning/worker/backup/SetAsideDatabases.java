package com.topsteel.provisioning.worker.backup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.contracts.JobStatus;
import com.topsteel.provisioning.infrastructure.postgres.DatabaseServers;
import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.jobs.backup.Backups;
import com.topsteel.provisioning.jobs.backup.Backups.SetAside;

/**
 * The previous database an IN_PLACE restore set aside (closed to sessions, recorded on the restore) is
 * dropped after the restore job, not in it: PostgreSQL 15's DROP DATABASE forces a checkpoint, seconds a
 * restore no longer waits for. The restore's last step hands the drop to JobRunr (stored, retried); the
 * proof is the restore's record and its job SUCCEEDED. The reconciler drops one left behind on the same proof.
 */
@Component
public class SetAsideDatabases {

    private static final Logger log = LoggerFactory.getLogger(SetAsideDatabases.class);

    private final Backups backups;
    private final DatabaseServers servers;
    private final JobScheduler scheduler;

    SetAsideDatabases(Backups backups, DatabaseServers servers, JobScheduler scheduler) {
        this.backups = backups;
        this.servers = servers;
        this.scheduler = scheduler;
    }

    /** Asks JobRunr for the drop, once per restore job however often its last step runs. */
    void dropAfter(UUID restoreJobId) {
        UUID dropId = UUID.nameUUIDFromBytes((restoreJobId + "/drop-set-aside-database").getBytes(StandardCharsets.UTF_8));
        scheduler.<SetAsideDatabases>enqueue(dropId, setAside -> setAside.drop(restoreJobId));
    }

    /** Drops what the restore set aside once it SUCCEEDED; a FAILED one put it back under the tenant's name. */
    @Job(name = "Drop the database restore job %0 set aside")
    public void drop(UUID restoreJobId) {
        Optional<SetAside> setAside = backups.setAsideBy(restoreJobId);
        if (setAside.isEmpty()) {
            return;
        }
        JobStatus status = setAside.get().jobStatus();
        if (status == JobStatus.SUCCEEDED) {
            dropNow(setAside.get());
        } else if (!status.isFinished()) {
            // the last step has run, the job's SUCCEEDED not yet recorded: JobRunr tries again
            throw new IllegalStateException("restore job " + restoreJobId + " is " + status
                    + ": the database it set aside is dropped once it SUCCEEDED");
        }
    }

    /** Every database the société's SUCCEEDED restores set aside and that is not dropped yet: before its role goes. */
    public void dropAllOf(UUID societeId) {
        backups.setAsideOfSociete(societeId).stream()
                .filter(setAside -> setAside.jobStatus() == JobStatus.SUCCEEDED)
                .forEach(this::dropNow);
    }

    /** Why the reconciler may drop this database (the restore that set it aside SUCCEEDED), or empty. */
    public Optional<String> proofOfDroppable(PostgresServer server, String database) {
        return provenSetAside(server, database).map(setAside -> "set aside by IN_PLACE restore job " + setAside.restoreJobId()
                + " of société " + setAside.societeCode() + ", SUCCEEDED at " + setAside.jobFinishedAt() + " (its restore verified)");
    }

    /** Drops the database if its proof still holds; whether it did. */
    public boolean dropIfProven(PostgresServer server, String database) {
        Optional<SetAside> setAside = provenSetAside(server, database);
        setAside.ifPresent(this::dropNow);
        return setAside.isPresent();
    }

    private Optional<SetAside> provenSetAside(PostgresServer server, String database) {
        return backups.setAsideAs(server.name(), database).filter(setAside -> setAside.jobStatus() == JobStatus.SUCCEEDED);
    }

    private void dropNow(SetAside setAside) {
        long start = System.nanoTime();
        servers.named(setAside.server()).dropDatabase(setAside.database());
        backups.recordSetAsideDropped(setAside.restoreJobId());
        log.info("Job {}: société {}'s previous database {} on server {}, set aside by the restore, dropped in {} ms",
                setAside.restoreJobId(), setAside.societeCode(), setAside.database(), setAside.server(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
