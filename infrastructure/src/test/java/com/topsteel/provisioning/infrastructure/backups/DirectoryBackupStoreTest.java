package com.topsteel.provisioning.infrastructure.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBackupStoreTest {

    @TempDir
    Path root;

    @Test
    void an_object_is_visible_only_once_whole_and_reads_back_as_written() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        InputStream failingHalfway = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= 100) {
                    throw new IOException("pg_dump died");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.put("acme/one.dump", failingHalfway)).isInstanceOf(IOException.class);
        assertThat(store.exists("acme/one.dump")).isFalse();
        assertThat(store.removeAbandonedPartials(Duration.ZERO)).as("a failed write removes its own partial file").isZero();

        assertThat(store.put("acme/one.dump", new ByteArrayInputStream("dump".getBytes()))).isEqualTo(4);
        try (InputStream in = store.open("acme/one.dump")) {
            assertThat(in.readAllBytes()).asString().isEqualTo("dump");
        }
        store.delete("acme/one.dump");
        store.delete("acme/one.dump");
        assertThatThrownBy(() -> store.open("acme/one.dump")).isInstanceOf(BackupObjectMissingException.class);
    }

    @Test
    void keys_cannot_leave_the_root() {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        for (String key : new String[] {"../etc/passwd", "/etc/passwd", "acme/../../x", "ACME/x", ""}) {
            assertThatThrownBy(() -> store.path(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void only_partial_files_older_than_asked_are_swept() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        store.put("acme/kept.dump", new ByteArrayInputStream(new byte[] {1}));
        Path abandoned = Files.writeString(root.resolve("acme/.kept.dump.1234.partial"), "half");
        Path live = Files.writeString(root.resolve("acme/.other.dump.5678.partial"), "half");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertThat(store.removeAbandonedPartials(Duration.ofDays(1))).isEqualTo(1);

        assertThat(abandoned).doesNotExist();
        assertThat(live).exists();
        assertThat(store.exists("acme/kept.dump")).isTrue();
    }
}
