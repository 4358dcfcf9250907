package com.topsteel.provisioning.worker.tenantdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The TENANT migrations this worker ships, from {@code provisioning.tenant-migrations.locations}
 * (Flyway locations: {@code classpath:db/tenant}, {@code filesystem:/opt/topsteel/tenant}): one
 * source for the template, new tenants and upgrades alike. Their versions are read once, from the
 * versioned SQL files' names ({@code V3__add_column.sql}); the newest is what this worker builds
 * its template at and what it can upgrade a tenant to.
 */
@Component
public class TenantMigrations {

    private static final Pattern VERSIONED_SQL = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");

    private final List<String> locations;
    private final List<MigrationVersion> versions;

    TenantMigrations(TenantMigrationSettings settings) {
        this.locations = List.copyOf(settings.locations());
        this.versions = scanVersions(locations);
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
        Flyway.configure()
                .dataSource(database)
                .locations(locations.toArray(String[]::new))
                .target(targetVersion)
                .load()
                .migrate();
        return installedVersion(JdbcClient.create(database));
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

    private static List<MigrationVersion> scanVersions(List<String> locations) {
        TreeSet<MigrationVersion> found = new TreeSet<>(Comparator.naturalOrder());
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : locations) {
            try {
                for (Resource resource : resolver.getResources(asSpringPattern(location))) {
                    Matcher versioned = VERSIONED_SQL.matcher(Objects.requireNonNullElse(resource.getFilename(), ""));
                    if (versioned.matches()) {
                        found.add(MigrationVersion.fromVersion(versioned.group(1).replace('_', '.')));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read TENANT migrations at " + location, e);
            }
        }
        return List.copyOf(found);
    }

    /** Flyway's {@code classpath:} and {@code filesystem:} prefixes as Spring resource patterns. */
    private static String asSpringPattern(String location) {
        String folder;
        String prefix;
        if (location.startsWith("filesystem:")) {
            prefix = "file:";
            folder = location.substring("filesystem:".length());
        } else {
            prefix = "classpath*:";
            folder = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        }
        return prefix + (folder.endsWith("/") ? folder : folder + "/") + "**/V*.sql";
    }
}
