package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.util.FileSystemUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy (gaul/s3proxy), an S3-compatible server over a local directory (jclouds' filesystem
 * provider), run as a process of its own from the jar Maven copies to {@code target/s3proxy}; stopped
 * and its directory removed when closed.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "topsteel-test-access";
    static final String SECRET_KEY = "topsteel-test-secret";
    static final String REGION = "us-east-1";

    private final Process process;
    private final Path directory;
    private final int port;

    private S3ProxyServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static S3ProxyServer start() {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy at " + jar + ": run the tests through Maven (generate-test-resources copies it)");
        }
        try {
            Path directory = Files.createTempDirectory("s3proxy-");
            Files.createDirectories(directory.resolve("blobs"));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + directory.resolve("blobs"),
                    ""));
            Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("s3proxy.log").toFile()).start();
            S3ProxyServer server = new S3ProxyServer(process, directory, port);
            try {
                Eventually.await("S3Proxy listening on " + port, Duration.ofSeconds(60), server::listening, up -> up);
            } catch (AssertionError | RuntimeException notUp) {
                server.close();
                throw notUp;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true).region(Region.of(REGION))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("S3Proxy stopped: " + log());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    String log() {
        try {
            return Files.readString(directory.resolve("s3proxy.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        FileSystemUtils.deleteRecursively(directory.toFile());
    }
}
