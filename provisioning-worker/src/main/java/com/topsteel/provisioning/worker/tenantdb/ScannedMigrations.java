package com.topsteel.provisioning.worker.tenantdb;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * The TENANT migrations as Flyway's own scanner finds them in their locations, scanned once and
 * held in memory. Given to every Flyway run, it spares each run a scan of the locations, which in
 * a packaged worker (nested jars) costs more than a small migration itself.
 */
final class ScannedMigrations implements ResourceProvider, ClassProvider<JavaMigration> {

    private final List<LoadableResource> resources;
    private final Collection<Class<? extends JavaMigration>> javaMigrations;

    ScannedMigrations(Configuration locations) {
        Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, locations, locations.getLocations());
        this.resources = scanner.getResources("", "").stream().<LoadableResource>map(InMemoryResource::copyOf).toList();
        this.javaMigrations = List.copyOf(scanner.getClasses());
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(resource -> resource.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return resources.stream()
                .filter(resource -> resource.getFilename().startsWith(prefix))
                .filter(resource -> Arrays.stream(suffixes).anyMatch(resource.getFilename()::endsWith))
                .toList();
    }

    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
        return javaMigrations;
    }

    /** Every scanned file's name. */
    List<String> filenames() {
        return resources.stream().map(LoadableResource::getFilename).toList();
    }

    /** A scanned file's text and names, read once. */
    private static final class InMemoryResource extends LoadableResource {

        private final String text;
        private final String absolutePath;
        private final String absolutePathOnDisk;
        private final String filename;
        private final String relativePath;

        private InMemoryResource(String text, String absolutePath, String absolutePathOnDisk, String filename,
                String relativePath) {
            this.text = text;
            this.absolutePath = absolutePath;
            this.absolutePathOnDisk = absolutePathOnDisk;
            this.filename = filename;
            this.relativePath = relativePath;
        }

        static InMemoryResource copyOf(LoadableResource scanned) {
            try (Reader reader = scanned.read()) {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[8192];
                for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                    text.append(buffer, 0, read);
                }
                return new InMemoryResource(text.toString(), scanned.getAbsolutePath(), scanned.getAbsolutePathOnDisk(),
                        scanned.getFilename(), scanned.getRelativePath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read TENANT migration " + scanned.getAbsolutePath(), e);
            }
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return absolutePath;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return absolutePathOnDisk;
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return relativePath;
        }
    }
}
