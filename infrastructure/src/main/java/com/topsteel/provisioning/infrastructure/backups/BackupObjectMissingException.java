package com.topsteel.provisioning.infrastructure.backups;

import java.io.IOException;

/** The store has no object under the key: removed by hand, purged, or never stored. */
public class BackupObjectMissingException extends IOException {

    public BackupObjectMissingException(String key) {
        super("no backup object " + key + " in the store");
    }
}
