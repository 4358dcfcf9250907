package com.topsteel.provisioning.gateway.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;
import com.topsteel.provisioning.jobs.JobReader;
import com.topsteel.provisioning.jobs.Viewer;

/**
 * The one source of live job states in a gateway: a single connection of its own to the AUTH
 * database LISTENs on the channel every job and step change is announced on (migration V11),
 * and a job some stream follows is read again on that same connection when it changes. However
 * many clients follow jobs, the gateway holds one connection for them and never takes one from
 * the pool the API answers with. After a lost connection it reconnects and reads every followed
 * job again, since changes made meanwhile were announced to nobody.
 */
@Component
class JobChangeFeed implements InitializingBean, DisposableBean {

    static final String CHANNEL = "provisioning_job_changed";

    private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final int WAIT_MILLIS = 200;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private final PostgresServer postgres;
    private final ConcurrentLinkedQueue<UUID> refreshRequests = new ConcurrentLinkedQueue<>();
    private volatile Supplier<Set<UUID>> followedJobs = Set::of;
    private volatile Consumer<JobView> changedJobs = job -> { };
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::listen, "job-change-feed");

    JobChangeFeed(PostgresServer postgres) {
        this.postgres = postgres;
        thread.setDaemon(true);
    }

    /** Who hears of changes: the jobs worth reading again, and where each new state goes. */
    void deliverTo(Supplier<Set<UUID>> followed, Consumer<JobView> changed) {
        this.followedJobs = followed;
        this.changedJobs = changed;
    }

    /** Reads the job again soon on the feed's connection, whether or not it changed (a stream just opened). */
    void refresh(UUID jobId) {
        refreshRequests.add(jobId);
    }

    @Override
    public void afterPropertiesSet() {
        thread.start();
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(5).toMillis());
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                log.debug("Following job changes on channel {}", CHANNEL);
                refreshRequests.addAll(followedJobs.get());
                follow(connection);
            } catch (SQLException | RuntimeException lost) {
                if (running) {
                    log.warn("Job change feed interrupted, reconnecting in {}: {}", RECONNECT_DELAY, lost.toString());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        PostgresSettings settings = postgres.settings();
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        properties.setProperty("password", settings.password());
        properties.setProperty("ApplicationName", "api-gateway job change feed");
        return DriverManager.getConnection(settings.jdbcUrl(settings.authDatabase()), properties);
    }

    private void follow(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        JobReader jobs = new JobReader(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
        long lastKeepAlive = System.nanoTime();
        while (running) {
            Set<UUID> changed = new LinkedHashSet<>();
            PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
            if (received != null) {
                for (PGNotification notification : received) {
                    changed.add(UUID.fromString(notification.getParameter()));
                }
            }
            for (UUID requested; (requested = refreshRequests.poll()) != null; ) {
                changed.add(requested);
            }
            if (!changed.isEmpty()) {
                Set<UUID> followed = followedJobs.get();
                changed.stream().filter(followed::contains)
                        .forEach(jobId -> jobs.find(jobId, Viewer.OPS).map(JobView::of).ifPresent(changedJobs));
            } else if (System.nanoTime() - lastKeepAlive > KEEP_ALIVE.toNanos()) {
                // a silently dropped connection would otherwise wait for notifications forever
                try (Statement ping = connection.createStatement()) {
                    ping.execute("select 1");
                }
                lastKeepAlive = System.nanoTime();
            }
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
