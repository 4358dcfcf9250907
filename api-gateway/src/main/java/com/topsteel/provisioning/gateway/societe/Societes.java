package com.topsteel.provisioning.gateway.societe;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.contracts.SchemaStatus;
import com.topsteel.provisioning.contracts.SocieteStatus;
import com.topsteel.provisioning.gateway.web.PageOf;
import com.topsteel.provisioning.jobs.Viewer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code societes} table of the AUTH database, as the gateway reads and writes it. */
@Repository
class Societes {

    private static final String COLUMNS = """
            id, nom, code, email, plan, max_users, max_sites, max_storage_bytes, status, database_name,
            schema_version, schema_status, siret, tva, adresse, code_postal, ville, pays, telephone, website, configuration::text as configuration,
            date_activation, created_at, updated_at""";

    private static final String FILTER = """
            where (cast(:status as text) is null or status = :status)
              and (cast(:plan as text) is null or plan = :plan)
              and (cast(:codePrefix as text) is null or lower(code) like :codePrefix escape '\\')
              and (cast(:requestedBy as text) is null or requested_by = :requestedBy)""";

    private static final String SEEN_BY_VIEWER = " and (cast(:requestedBy as text) is null or requested_by = :requestedBy)";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Societes(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean existsWithCode(String code) {
        return jdbc.sql("select exists (select 1 from societes where lower(code) = lower(:code))")
                .param("code", code)
                .query(Boolean.class)
                .single();
    }

    boolean databaseNameTaken(String databaseName) {
        return jdbc.sql("select exists (select 1 from societes where database_name = :name)")
                .param("name", databaseName)
                .query(Boolean.class)
                .single();
    }

    void insertProvisioning(UUID id, ProvisionTenantRequest request, String databaseName, String requestedBy) {
        jdbc.sql("""
                insert into societes (id, nom, code, email, plan, max_users, max_sites, max_storage_bytes, status,
                    database_name, siret, tva, adresse, code_postal, ville, pays, telephone, website, configuration,
                    requested_by)
                values (:id, :nom, :code, :email, :plan, :maxUsers, :maxSites, :maxStorageBytes, 'PROVISIONING',
                    :databaseName, :siret, :tva, :adresse, :codePostal, :ville, :pays, :telephone, :website,
                    cast(:configuration as jsonb), :requestedBy)""")
                .param("id", id)
                .param("requestedBy", requestedBy)
                .param("nom", request.nom().strip())
                .param("code", request.code())
                .param("email", request.email())
                .param("plan", request.planOrDefault().name())
                .param("maxUsers", request.maxUsersOrDefault())
                .param("maxSites", request.maxSitesOrDefault())
                .param("maxStorageBytes", request.maxStorageBytes())
                .param("databaseName", databaseName)
                .param("siret", request.siret())
                .param("tva", request.tva())
                .param("adresse", request.adresse())
                .param("codePostal", request.codePostal())
                .param("ville", request.ville())
                .param("pays", request.pays())
                .param("telephone", request.telephone())
                .param("website", request.website())
                .param("configuration", request.configuration() == null ? "{}" : json.writeValueAsString(request.configuration()))
                .update();
    }

    Optional<SocieteView> findById(UUID id, Viewer viewer) {
        return jdbc.sql("select " + COLUMNS + " from societes where id = :id" + SEEN_BY_VIEWER)
                .param("id", id)
                .param("requestedBy", viewer.requesterFilter())
                .query(this::view)
                .optional();
    }

    Optional<SocieteView> findByCode(String code, Viewer viewer) {
        return jdbc.sql("select " + COLUMNS + " from societes where lower(code) = lower(:code)" + SEEN_BY_VIEWER)
                .param("code", code)
                .param("requestedBy", viewer.requesterFilter())
                .query(this::view)
                .optional();
    }

    PageOf<SocieteView> page(SocieteStatus status, Plan plan, String codePrefix, Viewer viewer, int page, int size) {
        String pattern = codePrefix == null ? null : escapeLike(codePrefix.toLowerCase()) + "%";
        String statusName = status == null ? null : status.name();
        String planName = plan == null ? null : plan.name();
        long total = jdbc.sql("select count(*) from societes " + FILTER)
                .param("status", statusName)
                .param("plan", planName)
                .param("codePrefix", pattern)
                .param("requestedBy", viewer.requesterFilter())
                .query(Long.class)
                .single();
        List<SocieteView> content = jdbc.sql("select " + COLUMNS + " from societes " + FILTER
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("status", statusName)
                .param("plan", planName)
                .param("codePrefix", pattern)
                .param("requestedBy", viewer.requesterFilter())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::view)
                .list();
        return PageOf.of(content, page, size, total);
    }

    SocieteStatistics statistics(Viewer viewer) {
        return jdbc.sql("""
                select count(*) as total,
                       count(*) filter (where status = 'ACTIVE') as active,
                       count(*) filter (where status = 'TRIAL') as trial,
                       count(*) filter (where status = 'INACTIVE') as inactive,
                       count(*) filter (where status = 'SUSPENDED') as suspended,
                       count(*) filter (where status = 'PROVISIONING') as provisioning,
                       count(*) filter (where status = 'DELETING') as deleting,
                       count(*) filter (where status = 'DEGRADED') as degraded,
                       count(*) filter (where status = 'MAINTENANCE') as maintenance
                from societes where true""" + SEEN_BY_VIEWER)
                .param("requestedBy", viewer.requesterFilter())
                .query((rs, row) -> new SocieteStatistics(rs.getLong("total"), rs.getLong("active"), rs.getLong("trial"),
                        rs.getLong("inactive"), rs.getLong("suspended"), rs.getLong("provisioning"), rs.getLong("deleting"),
                        rs.getLong("degraded"), rs.getLong("maintenance"), schemaVersions(viewer)))
                .single();
    }

    /** Sociétés with a database per TENANT schema version, oldest version first ("unknown": not read yet). */
    private Map<String, Long> schemaVersions(Viewer viewer) {
        Map<String, Long> perVersion = new LinkedHashMap<>();
        jdbc.sql("""
                select coalesce(schema_version, 'unknown') as version, count(*) as societes from societes
                where status not in ('PROVISIONING', 'DELETING')""" + SEEN_BY_VIEWER + """
                 group by schema_version
                order by string_to_array(schema_version, '.')::numeric[] nulls first""")
                .param("requestedBy", viewer.requesterFilter())
                .query((rs, row) -> perVersion.put(rs.getString("version"), rs.getLong("societes")))
                .list();
        return perVersion;
    }

    /**
     * The size of the tenant database on this server, or empty when it does not exist (not yet
     * created, already dropped) or this service may not connect to it. Read apart from the row, so a
     * database dropped meanwhile costs only its size, never the answer.
     */
    Optional<Long> databaseSize(String databaseName) {
        try {
            return jdbc.sql("""
                    select pg_database_size(oid) from pg_database
                    where datname = :name and coalesce(has_database_privilege(oid, 'CONNECT'), false)""")
                    .param("name", databaseName)
                    .query(Long.class)
                    .optional();
        } catch (DataAccessException droppedMeanwhile) {
            return Optional.empty();
        }
    }

    /**
     * Moves the société to {@code target} only from one of {@code allowedFrom}, in one statement
     * so two concurrent requests cannot both pass a check made beforehand.
     */
    boolean transition(UUID id, Set<SocieteStatus> allowedFrom, SocieteStatus target) {
        return jdbc.sql("""
                update societes
                set status = :target,
                    date_activation = case when :target = 'ACTIVE' then coalesce(date_activation, now()) else date_activation end,
                    updated_at = now()
                where id = :id and status in (:allowedFrom)""")
                .param("target", target.name())
                .param("id", id)
                .param("allowedFrom", allowedFrom.stream().map(Enum::name).toList())
                .update() == 1;
    }

    private SocieteView view(ResultSet rs, int row) throws SQLException {
        return new SocieteView(
                rs.getObject("id", UUID.class),
                rs.getString("nom"),
                rs.getString("code"),
                rs.getString("email"),
                Plan.valueOf(rs.getString("plan")),
                rs.getInt("max_users"),
                rs.getInt("max_sites"),
                rs.getObject("max_storage_bytes", Long.class),
                SocieteStatus.valueOf(rs.getString("status")),
                rs.getString("database_name"),
                rs.getString("schema_version"),
                SchemaStatus.valueOf(rs.getString("schema_status")),
                rs.getString("siret"),
                rs.getString("tva"),
                rs.getString("adresse"),
                rs.getString("code_postal"),
                rs.getString("ville"),
                rs.getString("pays"),
                rs.getString("telephone"),
                rs.getString("website"),
                json.readValue(rs.getString("configuration"), new TypeReference<Map<String, Object>>() { }),
                rs.getObject("date_activation", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                null);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
