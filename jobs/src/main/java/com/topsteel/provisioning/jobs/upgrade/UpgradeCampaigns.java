package com.topsteel.provisioning.jobs.upgrade;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.CampaignStatus;
import com.topsteel.provisioning.contracts.SchemaStatus;
import com.topsteel.provisioning.contracts.TenantUpgradeStatus;

/**
 * Upgrade campaigns and their ledger ({@code provisioning.upgrade_campaigns},
 * {@code provisioning.upgrade_ledger}), as the gateway starts and steers them and the worker runs
 * them. Every change is one guarded statement: it applies only from the state it expects, so two
 * operators, or an operator and the worker, cannot both win.
 */
public class UpgradeCampaigns {

    /**
     * Sociétés that have a database to upgrade: not being created, not being taken apart, not missing it
     * (DEGRADED), not having it replaced by a restore (MAINTENANCE).
     */
    private static final String HAS_DATABASE = "s.status not in ('PROVISIONING', 'DELETING', 'DEGRADED', 'MAINTENANCE')";

    /** Behind the target, as Flyway orders versions (numerically, part by part); never read: behind. */
    private static final String BEHIND_TARGET =
            "(s.schema_version is null or string_to_array(s.schema_version, '.')::numeric[] < string_to_array(:target, '.')::numeric[])";

    private static final String CAMPAIGN_COLUMNS = """
            c.id, c.job_id, c.target_version, c.status, c.canary_size, c.wave_size, c.max_parallel,
            c.failure_threshold, c.backup_first, c.reason, c.requested_by, c.created_at, c.updated_at, c.finished_at,
            (select string_agg(t.status || '=' || t.tenants, ',') from (select l.status, count(*) as tenants
                from provisioning.upgrade_ledger l where l.campaign_id = c.id group by l.status) t) as tenants_by_status""";

    private static final String LEDGER_COLUMNS = """
            l.societe_id, l.societe_code, l.database_name, l.wave, l.canary, l.from_version, l.to_version, l.status,
            l.attempts, l.duration_ms, l.error, l.started_at, l.finished_at""";

    private final JdbcClient jdbc;

    public UpgradeCampaigns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- planning ---

    /** The sociétés a campaign to {@code target} would upgrade, by code, with the version each is at. */
    public List<LedgerEntry> plan(String target) {
        return jdbc.sql("select s.id, s.code, s.database_name, s.schema_version from societes s where " + HAS_DATABASE
                + " and " + BEHIND_TARGET + " order by lower(s.code)")
                .param("target", target)
                .query((rs, row) -> new LedgerEntry(rs.getObject("id", UUID.class), rs.getString("code"),
                        rs.getString("database_name"), null, false, rs.getString("schema_version"), target,
                        TenantUpgradeStatus.PENDING, 0, null, null, null, null))
                .list();
    }

    /** The highest version a société is recorded at, if any is recorded. */
    public Optional<String> newestTenantVersion() {
        return jdbc.sql("""
                select schema_version from societes s where schema_version is not null and %s
                order by string_to_array(schema_version, '.')::numeric[] desc limit 1""".formatted(HAS_DATABASE))
                .query(String.class)
                .optional();
    }

    /** The codes among {@code codes} that name no société with a database (case-insensitively). */
    public List<String> unknownCodes(List<String> codes) {
        if (codes.isEmpty()) {
            return List.of();
        }
        List<String> known = jdbc.sql("select lower(code) from societes s where lower(code) in (:codes) and " + HAS_DATABASE)
                .param("codes", codes.stream().map(String::toLowerCase).toList())
                .query(String.class)
                .list();
        return codes.stream().filter(code -> !known.contains(code.toLowerCase())).toList();
    }

    /**
     * Records a RUNNING campaign, its ledger (every société behind the target) and its canary, in
     * the caller's transaction, which also accepts its job.
     *
     * @param autoStartedFor the version a worker's auto-start is for (once per version), or null
     * @throws CampaignConflictException when a campaign is already running or paused, or this
     *                                   version was auto-started already
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID campaignId, UUID jobId, CampaignRequest request, String requestedBy, String autoStartedFor) {
        try {
            jdbc.sql("""
                    insert into provisioning.upgrade_campaigns (id, job_id, target_version, status, canary_size, wave_size,
                        max_parallel, failure_threshold, backup_first, requested_by, auto_started_for)
                    values (:id, :jobId, :target, 'RUNNING', 0, :waveSize, :maxParallel, :threshold, :backupFirst, :requestedBy,
                        :auto)""")
                    .param("id", campaignId)
                    .param("jobId", jobId)
                    .param("target", request.targetVersion())
                    .param("waveSize", request.waveSize())
                    .param("maxParallel", request.maxParallel())
                    .param("threshold", request.failureThreshold())
                    .param("backupFirst", request.backupFirst())
                    .param("requestedBy", requestedBy)
                    .param("auto", autoStartedFor)
                    .update();
        } catch (DuplicateKeyException anotherCampaign) {
            throw new CampaignConflictException(autoStartedFor != null
                    ? "une campagne a déjà été démarrée automatiquement pour la version " + autoStartedFor
                    : "une campagne de mise à jour est déjà en cours ou en pause : un seul à la fois");
        }
        addBehind(campaignId, request.targetVersion());
        int canary = request.canaryCodes().isEmpty()
                ? jdbc.sql("""
                        update provisioning.upgrade_ledger set canary = true, wave = 0
                        where campaign_id = :id and societe_id in (
                            select societe_id from provisioning.upgrade_ledger where campaign_id = :id
                            order by lower(societe_code) limit :count)""")
                        .param("id", campaignId)
                        .param("count", request.canaryCount())
                        .update()
                : jdbc.sql("""
                        update provisioning.upgrade_ledger set canary = true, wave = 0
                        where campaign_id = :id and lower(societe_code) in (:codes)""")
                        .param("id", campaignId)
                        .param("codes", request.canaryCodes().stream().map(String::toLowerCase).toList())
                        .update();
        jdbc.sql("update provisioning.upgrade_campaigns set canary_size = :canary where id = :id")
                .param("canary", canary)
                .param("id", campaignId)
                .update();
    }

    /**
     * Adds to the ledger the sociétés behind the campaign's target that it does not hold yet: at the
     * start, every one; later, those a worker of the previous release provisioned meanwhile.
     *
     * @return how many were added
     */
    public int addBehind(UUID campaignId, String target) {
        return jdbc.sql("""
                insert into provisioning.upgrade_ledger (campaign_id, societe_id, societe_code, database_name, from_version,
                    to_version)
                select :id, s.id, s.code, s.database_name, s.schema_version, :target from societes s
                where %s and %s
                on conflict (campaign_id, societe_id) do nothing""".formatted(HAS_DATABASE, BEHIND_TARGET))
                .param("id", campaignId)
                .param("target", target)
                .update();
    }

    // --- reading ---

    public Optional<Campaign> find(UUID campaignId) {
        return jdbc.sql("select " + CAMPAIGN_COLUMNS + " from provisioning.upgrade_campaigns c where c.id = :id")
                .param("id", campaignId)
                .query(this::campaign)
                .optional();
    }

    /** Newest first. */
    public List<Campaign> page(int page, int size) {
        return jdbc.sql("select " + CAMPAIGN_COLUMNS
                + " from provisioning.upgrade_campaigns c order by c.created_at desc, c.id limit :size offset :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(this::campaign)
                .list();
    }

    /** The campaign RUNNING now, if any (at most one is). */
    public Optional<Campaign> running() {
        return jdbc.sql("select " + CAMPAIGN_COLUMNS + " from provisioning.upgrade_campaigns c where c.status = 'RUNNING'")
                .query(this::campaign)
                .optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from provisioning.upgrade_campaigns").query(Long.class).single();
    }

    /** The campaign's tenants in the order they are upgraded (canary, waves, then by code), optionally of one status. */
    public List<LedgerEntry> ledger(UUID campaignId, TenantUpgradeStatus status, int page, int size) {
        return jdbc.sql("select " + LEDGER_COLUMNS + """
                 from provisioning.upgrade_ledger l
                where l.campaign_id = :id and (cast(:status as varchar) is null or l.status = :status)
                order by l.canary desc, l.wave nulls last, lower(l.societe_code) limit :size offset :offset""")
                .param("id", campaignId)
                .param("status", status == null ? null : status.name())
                .param("size", size)
                .param("offset", (long) page * size)
                .query(UpgradeCampaigns::ledgerEntry)
                .list();
    }

    public Optional<CampaignStatus> status(UUID campaignId) {
        return jdbc.sql("select status from provisioning.upgrade_campaigns where id = :id")
                .param("id", campaignId)
                .query((rs, row) -> CampaignStatus.valueOf(rs.getString(1)))
                .optional();
    }

    // --- operators' changes ---

    /** RUNNING → PAUSED: no tenant is started after this; those in flight finish. */
    public Campaign pause(UUID campaignId, String reason) {
        return change(campaignId, "status = 'PAUSED', reason = :reason", "status = 'RUNNING'", reason,
                "seule une campagne RUNNING peut être mise en pause");
    }

    /** PAUSED → RUNNING; the caller starts its new job and {@link #attachJob attaches} it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Campaign resume(UUID campaignId) {
        return change(campaignId, "status = 'RUNNING', reason = null", "status = 'PAUSED'", null,
                "seule une campagne PAUSED peut reprendre");
    }

    /** RUNNING or PAUSED → ABORTED; the tenants not started are SKIPPED, those in flight finish. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Campaign abort(UUID campaignId, String reason) {
        Campaign aborted = change(campaignId, "status = 'ABORTED', reason = :reason, finished_at = now()",
                "status in ('RUNNING', 'PAUSED')", reason, "seule une campagne RUNNING ou PAUSED peut être abandonnée");
        jdbc.sql("""
                update provisioning.upgrade_ledger set status = 'SKIPPED', error = 'campagne abandonnée', finished_at = now()
                where campaign_id = :id and status = 'PENDING'""")
                .param("id", campaignId)
                .update();
        return find(campaignId).orElse(aborted);
    }

    /**
     * Puts the FAILED tenants back to PENDING and the campaign back to RUNNING (from COMPLETED,
     * FAILED or PAUSED; a RUNNING one takes them in its next wave). The caller starts a new job when
     * the campaign was not RUNNING.
     *
     * @return whether it was RUNNING already (its job takes them; no new job is needed)
     * @throws CampaignConflictException when it was aborted, has no failed tenant, or another campaign holds the fleet
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean retryFailed(UUID campaignId) {
        Campaign campaign = lock(campaignId);
        if (campaign.status() == CampaignStatus.ABORTED) {
            throw new CampaignConflictException("une campagne abandonnée ne peut pas être relancée");
        }
        int reset = jdbc.sql("""
                update provisioning.upgrade_ledger set status = 'PENDING', error = null, finished_at = null, duration_ms = null
                where campaign_id = :id and status = 'FAILED'""")
                .param("id", campaignId)
                .update();
        if (reset == 0) {
            throw new CampaignConflictException("la campagne n'a aucun tenant en échec");
        }
        if (campaign.status() == CampaignStatus.RUNNING) {
            return true;
        }
        try {
            jdbc.sql("""
                    update provisioning.upgrade_campaigns set status = 'RUNNING', reason = null, finished_at = null,
                        updated_at = now() where id = :id""")
                    .param("id", campaignId)
                    .update();
        } catch (DuplicateKeyException anotherCampaign) {
            throw new CampaignConflictException("une autre campagne est en cours ou en pause : relancez après elle");
        }
        return false;
    }

    /** The job now running the campaign. */
    public void attachJob(UUID campaignId, UUID jobId) {
        jdbc.sql("update provisioning.upgrade_campaigns set job_id = :jobId, updated_at = now() where id = :id")
                .param("jobId", jobId)
                .param("id", campaignId)
                .update();
    }

    private Campaign lock(UUID campaignId) {
        return jdbc.sql("select " + CAMPAIGN_COLUMNS + " from provisioning.upgrade_campaigns c where c.id = :id for update")
                .param("id", campaignId)
                .query(this::campaign)
                .optional()
                .orElseThrow(() -> new CampaignNotFoundException(campaignId));
    }

    private Campaign change(UUID campaignId, String set, String from, String reason, String refusal) {
        int changed = jdbc.sql("update provisioning.upgrade_campaigns set " + set + ", updated_at = now() where id = :id and "
                + from)
                .param("id", campaignId)
                .param("reason", reason)
                .update();
        Campaign campaign = find(campaignId).orElseThrow(() -> new CampaignNotFoundException(campaignId));
        if (changed == 0) {
            throw new CampaignConflictException("la campagne est " + campaign.status() + " : " + refusal);
        }
        return campaign;
    }

    // --- the worker's side ---

    /**
     * The next tenants to upgrade: those an interrupted run left RUNNING first, then PENDING ones
     * by code; only the canary's, or only the others.
     */
    public List<LedgerEntry> next(UUID campaignId, boolean canary, int limit) {
        return jdbc.sql("select " + LEDGER_COLUMNS + """
                 from provisioning.upgrade_ledger l
                where l.campaign_id = :id and l.canary = :canary and l.status in ('PENDING', 'RUNNING')
                order by l.status = 'RUNNING' desc, lower(l.societe_code) limit :limit""")
                .param("id", campaignId)
                .param("canary", canary)
                .param("limit", limit)
                .query(UpgradeCampaigns::ledgerEntry)
                .list();
    }

    public void assignWave(UUID campaignId, List<UUID> societeIds, int wave) {
        if (societeIds.isEmpty()) {
            return;
        }
        jdbc.sql("update provisioning.upgrade_ledger set wave = :wave where campaign_id = :id and societe_id in (:ids) and wave is null")
                .param("wave", wave)
                .param("id", campaignId)
                .param("ids", societeIds)
                .update();
    }

    /** The highest wave number given so far (0: the canary's, or none yet). */
    public int lastWave(UUID campaignId) {
        return jdbc.sql("select coalesce(max(wave), 0) from provisioning.upgrade_ledger where campaign_id = :id")
                .param("id", campaignId)
                .query(Integer.class)
                .single();
    }

    /**
     * Why the société's database must not be upgraded now — gone, being created or taken apart, or
     * another job of its own queued or running — or empty when it may; then its ledger entry is
     * RUNNING, one attempt more. Decided under the société's row lock, in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> claim(UUID campaignId, UUID societeId, String fromVersion) {
        Optional<String> status = jdbc.sql("select status from societes where id = :id for update")
                .param("id", societeId)
                .query(String.class)
                .optional();
        if (status.isEmpty()) {
            return Optional.of("société supprimée");
        }
        if (status.get().equals("PROVISIONING") || status.get().equals("DELETING")) {
            return Optional.of("société " + status.get());
        }
        Optional<String> activeJob = jdbc.sql("""
                select type from provisioning.jobs where societe_id = :id and status in ('QUEUED', 'RUNNING', 'RETRYING') limit 1""")
                .param("id", societeId)
                .query(String.class)
                .optional();
        if (activeJob.isPresent()) {
            return Optional.of("un job " + activeJob.get() + " est en cours sur la société");
        }
        jdbc.sql("""
                update provisioning.upgrade_ledger set status = 'RUNNING', attempts = attempts + 1, started_at = now(),
                    from_version = coalesce(:from, from_version), error = null
                where campaign_id = :campaign and societe_id = :societe""")
                .param("from", fromVersion)
                .param("campaign", campaignId)
                .param("societe", societeId)
                .update();
        return Optional.empty();
    }

    /** The société's database was read back at {@code version}, the target. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void succeeded(UUID campaignId, UUID societeId, String fromVersion, String version, Duration took) {
        finish(campaignId, societeId, TenantUpgradeStatus.SUCCEEDED, fromVersion, took, null);
        recordOnSociete(societeId, version, SchemaStatus.CURRENT);
    }

    /** The migration failed; the database is at {@code version} (its previous one), or unknown (null). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(UUID campaignId, UUID societeId, String fromVersion, String version, Duration took, String error) {
        finish(campaignId, societeId, TenantUpgradeStatus.FAILED, fromVersion, took, error);
        recordOnSociete(societeId, version, SchemaStatus.UPGRADE_FAILED);
    }

    public void skipped(UUID campaignId, UUID societeId, String why) {
        finish(campaignId, societeId, TenantUpgradeStatus.SKIPPED, null, null, why);
    }

    private void finish(UUID campaignId, UUID societeId, TenantUpgradeStatus status, String fromVersion, Duration took,
            String error) {
        jdbc.sql("""
                update provisioning.upgrade_ledger set status = :status, from_version = coalesce(:from, from_version),
                    duration_ms = :ms, error = :error, finished_at = now()
                where campaign_id = :campaign and societe_id = :societe""")
                .param("status", status.name())
                .param("from", fromVersion)
                .param("ms", took == null ? null : took.toMillis())
                .param("error", error)
                .param("campaign", campaignId)
                .param("societe", societeId)
                .update();
    }

    /** The version a société's database is at, as a worker read it; kept current by every job that migrates. */
    public void recordOnSociete(UUID societeId, String version, SchemaStatus status) {
        jdbc.sql("""
                update societes set schema_version = coalesce(:version, schema_version), schema_status = :status,
                    updated_at = now() where id = :id""")
                .param("version", version)
                .param("status", status.name())
                .param("id", societeId)
                .update();
    }

    /** RUNNING → {@code status} (COMPLETED, FAILED, PAUSED); false when an operator changed it first. */
    public boolean endRun(UUID campaignId, CampaignStatus status, String reason) {
        return jdbc.sql("""
                update provisioning.upgrade_campaigns set status = :status, reason = :reason, updated_at = now(),
                    finished_at = case when :status in ('COMPLETED', 'FAILED') then now() else finished_at end
                where id = :id and status = 'RUNNING'""")
                .param("status", status.name())
                .param("reason", reason)
                .param("id", campaignId)
                .update() == 1;
    }

    private Campaign campaign(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Campaign(id, rs.getObject("job_id", UUID.class), rs.getString("target_version"),
                CampaignStatus.valueOf(rs.getString("status")), rs.getInt("canary_size"), rs.getInt("wave_size"),
                rs.getInt("max_parallel"), rs.getInt("failure_threshold"), rs.getBoolean("backup_first"), rs.getString("reason"),
                rs.getString("requested_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                tenantsByStatus(rs.getString("tenants_by_status")));
    }

    /** {@code SUCCEEDED=12,FAILED=1}, counted in the campaign's own query: a page of campaigns is one query, not one per campaign. */
    private static Map<TenantUpgradeStatus, Long> tenantsByStatus(String counted) {
        Map<TenantUpgradeStatus, Long> counts = new EnumMap<>(TenantUpgradeStatus.class);
        if (counted != null) {
            for (String pair : counted.split(",")) {
                String[] statusAndCount = pair.split("=");
                counts.put(TenantUpgradeStatus.valueOf(statusAndCount[0]), Long.parseLong(statusAndCount[1]));
            }
        }
        return counts;
    }

    private static LedgerEntry ledgerEntry(ResultSet rs, int row) throws SQLException {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        int wave = rs.getInt("wave");
        Integer waveNumber = rs.wasNull() ? null : wave;
        return new LedgerEntry(rs.getObject("societe_id", UUID.class), rs.getString("societe_code"),
                rs.getString("database_name"), waveNumber, rs.getBoolean("canary"), rs.getString("from_version"),
                rs.getString("to_version"), TenantUpgradeStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                durationMs, rs.getString("error"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class));
    }
}
