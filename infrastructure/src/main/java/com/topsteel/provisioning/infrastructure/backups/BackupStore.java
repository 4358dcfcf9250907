package com.topsteel.provisioning.infrastructure.backups;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where dumps are kept: a directory or an S3-compatible bucket, chosen by
 * {@code provisioning.backups.store}. An object is visible under its key only once it is whole;
 * content is streamed in and out, never held in memory.
 */
public interface BackupStore {

    /**
     * Stores everything {@code content} yields until its end under {@code key}, replacing what was
     * there; the key shows the object only once all of it is stored.
     *
     * @return the number of bytes stored
     */
    long put(String key, InputStream content) throws IOException;

    /** The object's content, to be closed by the caller. */
    InputStream open(String key) throws IOException;

    /** Removes the object; one already gone is removed. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /**
     * Removes what writers that died mid-object left behind, older than {@code olderThan}; none by
     * default (an unfinished S3 multipart upload is the bucket's lifecycle rule's to abort).
     *
     * @return how many leftovers were removed
     */
    default int removeAbandonedPartials(java.time.Duration olderThan) throws IOException {
        return 0;
    }

    /** Where the store is, for logs and health (never a secret). */
    String describe();

    /** Keys are relative paths of lower-case names: {@code acme/20261202T020000Z-<uuid>.dump}. */
    static String requireValidKey(String key) {
        if (key == null || !key.matches("[a-z0-9_]+(/[A-Za-z0-9_.-]+)*") || key.contains("..")) {
            throw new IllegalArgumentException("not a backup key: " + key);
        }
        return key;
    }
}
