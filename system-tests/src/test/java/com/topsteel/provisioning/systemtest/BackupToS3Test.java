package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.systemtest.BackupTest.Tenant;

import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The S3 backup store against a real S3-compatible server, S3Proxy, started by the test (no Docker
 * needed): a worker of its own configured with {@code provisioning.backups.store=s3} backs up into
 * the bucket (a multipart upload) and restores from it.
 */
class BackupToS3Test extends SystemTest {

    private static final String BUCKET = "topsteel-backups";

    @Test
    void a_backup_goes_to_an_s3_bucket_and_an_in_place_restore_comes_back_from_it() throws Exception {
        Tenant tenant = BackupTest.provisioned("BKS3");
        long categories = BackupTest.rows(tenant, "material_categories");
        try (S3ProxyServer s3 = S3ProxyServer.start(); S3Client client = s3.client()) {
            client.createBucket(request -> request.bucket(BUCKET));
            system.pauseWorker();
            try (WorkerProcess worker = WorkerProcess.start(system.services,
                    "--provisioning.backups.store=s3",
                    "--provisioning.backups.s3.bucket=" + BUCKET,
                    "--provisioning.backups.s3.prefix=run-" + system.services.runId,
                    "--provisioning.backups.s3.endpoint=" + s3.endpoint(),
                    "--provisioning.backups.s3.region=" + S3ProxyServer.REGION,
                    "--provisioning.backups.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                    "--provisioning.backups.s3.secret-key=" + S3ProxyServer.SECRET_KEY)) {
                Api.Response accepted = api.post("/api/societes/" + tenant.id() + "/backups", "");
                assertThat(accepted.status()).isEqualTo(202);
                JsonNode job = api.awaitFinished(accepted.body().path("jobId").asString(), BackupTest.TIMEOUT);
                assertThat(job.path("status").asString()).as(job + "\n" + worker.log()).isEqualTo("SUCCEEDED");
                JsonNode backup = BackupTest.backupsOf(tenant).get(0);
                String key = db.auth().sql("select storage_key from provisioning.backups where id = cast(:id as uuid)")
                        .param("id", backup.path("id").asString()).query(String.class).single();

                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                try (InputStream object = new DigestInputStream(client.getObject(request -> request.bucket(BUCKET)
                        .key("run-" + system.services.runId + "/" + key)), sha256)) {
                    object.transferTo(java.io.OutputStream.nullOutputStream());
                }
                assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(backup.path("sha256").asString());

                db.in(tenant.database()).sql("delete from material_categories").update();
                Api.Response restore = api.post("/api/societes/" + tenant.id() + "/restore",
                        "{\"backupId\": \"" + backup.path("id").asString() + "\", \"mode\": \"IN_PLACE\"}");
                assertThat(restore.status()).isEqualTo(202);
                JsonNode restored = api.awaitFinished(restore.body().path("jobId").asString(), BackupTest.TIMEOUT);
                assertThat(restored.path("status").asString()).as(restored + "\n" + worker.log()).isEqualTo("SUCCEEDED");
                assertThat(BackupTest.rows(tenant, "material_categories")).isEqualTo(categories);
            } finally {
                system.resumeWorker();
            }
        }
    }
}
