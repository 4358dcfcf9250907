package com.topsteel.provisioning.infrastructure.backups;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph, S3Proxy…), through the AWS SDK for Java v2. A dump
 * is sent as a multipart upload, one part in memory at a time, and appears under its key only
 * when the upload is completed; a failed upload is aborted.
 */
public class S3BackupStore implements BackupStore {

    private final S3Client s3;
    private final BackupStoreSettings.S3 settings;

    S3BackupStore(S3Client s3, BackupStoreSettings.S3 settings) {
        if (settings.bucket().isBlank()) {
            throw new IllegalArgumentException("provisioning.backups.s3.bucket is required when provisioning.backups.store=s3");
        }
        this.s3 = s3;
        this.settings = settings;
    }

    public static S3BackupStore of(BackupStoreSettings.S3 settings) {
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle());
        if (!settings.endpoint().isBlank()) {
            // S3-compatible servers do not all read the checksum trailers the SDK sends to AWS by default
            client.endpointOverride(URI.create(settings.endpoint()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        client.credentialsProvider(settings.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        return new S3BackupStore(client.build(), settings);
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        String objectKey = objectKey(key);
        String uploadId = s3.createMultipartUpload(request -> request.bucket(settings.bucket()).key(objectKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            byte[] buffer = new byte[settings.partSize()];
            int filled;
            // S3 wants at least one part, even for an empty object
            do {
                filled = content.readNBytes(buffer, 0, buffer.length);
                int partNumber = parts.size() + 1;
                String etag = s3.uploadPart(request -> request.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                        .partNumber(partNumber), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                size += filled;
            } while (filled == buffer.length);
            s3.completeMultipartUpload(request -> request.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            return size;
        } catch (IOException | RuntimeException failed) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                failed.addSuppressed(abortFailed);
            }
            throw failed;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(settings.bucket()).key(objectKey(key)));
        } catch (NoSuchKeyException missing) {
            throw new BackupObjectMissingException(key);
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(request -> request.bucket(settings.bucket()).key(objectKey(key)));
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(request -> request.bucket(settings.bucket()).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException missing) {
            return false;
        } catch (S3Exception failed) {
            if (failed.statusCode() == 404) {
                return false;
            }
            throw failed;
        }
    }

    @Override
    public String describe() {
        return "S3 bucket " + settings.bucket() + (settings.endpoint().isBlank() ? "" : " at " + settings.endpoint())
                + (settings.prefix().isBlank() ? "" : " under " + settings.prefix());
    }

    private String objectKey(String key) {
        String prefix = settings.prefix();
        return (prefix.isBlank() || prefix.endsWith("/") ? prefix : prefix + "/") + BackupStore.requireValidKey(key);
    }
}
