package com.topsteel.provisioning.worker.tenantdb;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The TENANT migrations this worker ships, from {@code provisioning.tenant-migrations.locations}
 * (Flyway locations: {@code classpath:db/tenant}, {@code filesystem:/opt/topsteel/tenant}): one
 * source for the template, new tenants and upgrades alike, scanned once at start
 * ({@link ScannedMigrations}). Their versions come from the versioned SQL files' names
 * ({@code V3__add_column.sql}); the newest is what this worker builds its template at and what it
 * can upgrade a tenant to.
 */
@Component
public class TenantMigrations {

    private static final Pattern VERSIONED_SQL = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");

    private final List<String> locations;
    private final ScannedMigrations scanned;
    private final List<MigrationVersion> versions;
    /**
     * Building a Flyway costs more than a one-column migration (it loads its plugins and copies its
     * configuration each time), and a campaign migrates hundreds of databases: each thread keeps one
     * Flyway per target version, pointed at each database in turn. One per thread, because Flyway
     * does not say that an instance may migrate from two threads at once.
     */
    private final ThreadLocal<Map<String, PointableFlyway>> flywaysOfThisThread = ThreadLocal.withInitial(HashMap::new);

    TenantMigrations(TenantMigrationSettings settings) {
        this.locations = List.copyOf(settings.locations());
        this.scanned = new ScannedMigrations(Flyway.configure().locations(locations.toArray(String[]::new)));
        this.versions = versionsOf(scanned.filenames());
        if (versions.isEmpty()) {
            throw new IllegalStateException("no TENANT migration found in " + locations);
        }
    }

    /** Every version this worker has a migration for, oldest first. */
    public List<String> knownVersions() {
        return versions.stream().map(MigrationVersion::getVersion).toList();
    }

    /** The newest version this worker can migrate a tenant to. */
    public String newestVersion() {
        return versions.get(versions.size() - 1).getVersion();
    }

    public boolean knows(String version) {
        return versions.contains(MigrationVersion.fromVersion(version));
    }

    /**
     * Brings the database to {@code targetVersion} (never beyond) and returns the version it is at
     * afterwards, read back from its history: each migration runs in its own transaction, so a
     * failing one leaves the database at the version before it.
     */
    public Optional<String> migrate(DataSource database, String targetVersion) {
        PointableFlyway flyway = flywaysOfThisThread.get().computeIfAbsent(targetVersion, this::flywayTo);
        flyway.database().setTargetDataSource(database);
        try {
            flyway.flyway().migrate();
        } finally {
            flyway.database().setTargetDataSource(null);
        }
        return installedVersion(JdbcClient.create(database));
    }

    private PointableFlyway flywayTo(String targetVersion) {
        DelegatingDataSource database = new DelegatingDataSource();
        Flyway flyway = Flyway.configure()
                .dataSource(database)
                .locations(locations.toArray(String[]::new))
                .resourceProvider(scanned)
                .javaMigrationClassProvider(scanned)
                .target(targetVersion)
                .load();
        return new PointableFlyway(flyway, database);
    }

    /** A Flyway whose data source is set to the database it migrates next. */
    private record PointableFlyway(Flyway flyway, DelegatingDataSource database) {
    }

    /**
     * The version of the latest migration the database applied successfully; empty when it has
     * no Flyway history or its latest migration failed.
     */
    public static Optional<String> installedVersion(JdbcClient database) {
        if (!database.sql("select to_regclass('flyway_schema_history') is not null").query(Boolean.class).single()) {
            return Optional.empty();
        }
        return database.sql("""
                select version, success from flyway_schema_history where version is not null
                order by installed_rank desc limit 1""")
                .query((rs, row) -> rs.getBoolean("success") ? rs.getString("version") : null)
                .optional();
    }

    private static List<MigrationVersion> versionsOf(List<String> filenames) {
        TreeSet<MigrationVersion> found = new TreeSet<>(Comparator.naturalOrder());
        for (String filename : filenames) {
            Matcher versioned = VERSIONED_SQL.matcher(filename);
            if (versioned.matches()) {
                found.add(MigrationVersion.fromVersion(versioned.group(1).replace('_', '.')));
            }
        }
        return List.copyOf(found);
    }
}
