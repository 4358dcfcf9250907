package com.topsteel.provisioning.infrastructure.backups;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A directory (a volume shared by the services): each object is written to a hidden partial file
 * beside its final name and moved there atomically once whole, so a crash leaves a partial file
 * that no key names.
 */
public class DirectoryBackupStore implements BackupStore {

    private final Path root;

    public DirectoryBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            long size;
            try (OutputStream out = Files.newOutputStream(partial)) {
                size = content.transferTo(out);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException missing) {
            throw new BackupObjectMissingException(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    /** The hidden {@code .partial} files of writers that died (a live writer's is younger than {@code olderThan}). */
    @Override
    public int removeAbandonedPartials(java.time.Duration olderThan) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        java.time.Instant before = java.time.Instant.now().minus(olderThan);
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".partial") && Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    /** The file of a key: always inside the root. */
    public Path path(String key) {
        Path path = root.resolve(BackupStore.requireValidKey(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("not a backup key: " + key);
        }
        return path;
    }
}
