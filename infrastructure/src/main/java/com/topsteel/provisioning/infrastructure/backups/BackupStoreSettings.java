package com.topsteel.provisioning.infrastructure.backups;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where both services find the backups: the worker writes them, the gateway streams them out.
 *
 * @param store     {@code directory} (default) or {@code s3}
 * @param directory the directory store's root
 * @param s3        the S3-compatible store, when {@code store=s3}
 */
@ConfigurationProperties("provisioning.backups")
public record BackupStoreSettings(
        @DefaultValue("directory") Kind store,
        @DefaultValue("./backups") Path directory,
        @DefaultValue S3 s3) {

    public enum Kind {
        DIRECTORY, S3
    }

    /**
     * @param endpoint  an S3-compatible server (MinIO, Ceph, S3Proxy…); empty for AWS itself
     * @param pathStyle {@code http://host/bucket/key} addressing, which most S3-compatible servers need
     * @param accessKey empty: the SDK's default credentials (environment, profile, instance role)
     * @param partSize  bytes per multipart upload part (S3's minimum: 5 MiB)
     */
    public record S3(
            @DefaultValue("") String bucket,
            @DefaultValue("") String prefix,
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("8388608") int partSize) {

        public S3 {
            if (partSize < 5 * 1024 * 1024) {
                throw new IllegalArgumentException("provisioning.backups.s3.part-size must be at least 5 MiB, was " + partSize);
            }
        }

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region=" + region + "]";
        }
    }
}
