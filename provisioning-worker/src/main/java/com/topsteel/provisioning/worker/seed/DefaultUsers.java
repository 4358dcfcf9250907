package com.topsteel.provisioning.worker.seed;

import static com.topsteel.provisioning.worker.seed.DefaultUserSettings.*;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.secrets.InitialPasswordVault;
import com.topsteel.provisioning.jobs.TenantRef;
import com.topsteel.provisioning.worker.saga.JobContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * The société's two default users in the AUTH database — admin (ADMIN, full access) and a
 * standard user (USER) — with their link to the société, preferences and notification settings.
 * Passwords are stored only as BCrypt hashes, hashed once, and must be changed at first login.
 */
@Component
public class DefaultUsers {

    private static final Logger log = LoggerFactory.getLogger(DefaultUsers.class);

    /** Full access to the société. */
    static final List<String> ADMIN_PERMISSIONS = List.of("*");

    record DefaultUser(String email, String password, String nom, String prenom, String role, List<String> permissions) {

        @Override
        public String toString() {
            return "DefaultUser[" + email + ", " + role + "]";
        }
    }

    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%*+-=?@_";
    private static final int GENERATED_PASSWORD_LENGTH = 20;

    private final JdbcClient jdbc;
    private final DefaultUserPasswords passwords;
    private final InitialPasswordVault vault;
    private final PasswordHashing hashing;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();
    /** The users of attempts under way, their hashes computed or being computed. */
    private final Map<UUID, List<CompletableFuture<HashedUser>>> prepared = new ConcurrentHashMap<>();

    record HashedUser(DefaultUser user, String passwordHash) {
    }

    DefaultUsers(JdbcClient jdbc, DefaultUserPasswords passwords, InitialPasswordVault vault, PasswordHashing hashing) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.vault = vault;
        this.hashing = hashing;
    }

    /**
     * Starts hashing the job's default users' passwords, so BCrypt (most of {@link #create}'s time)
     * runs while earlier steps wait on PostgreSQL; closing what it returns forgets them, used or not.
     */
    public AutoCloseable startHashing(JobContext job) {
        prepared.computeIfAbsent(job.jobId(), id -> hashInBackground(defaultUsers(job.tenant())));
        return () -> prepared.remove(job.jobId());
    }

    private List<CompletableFuture<HashedUser>> hashInBackground(List<DefaultUser> users) {
        return users.stream()
                .map(user -> hashing.hash(user.password()).thenApply(hash -> new HashedUser(user, hash)))
                .toList();
    }

    static String adminEmail(String societeCode) {
        return "admin@" + SocieteCode.normalize(societeCode) + ".topsteel.local";
    }

    static String userEmail(String societeCode) {
        return "user@" + SocieteCode.normalize(societeCode) + ".topsteel.local";
    }

    List<DefaultUser> defaultUsers(TenantRef societe) {
        return List.of(
                new DefaultUser(adminEmail(societe.code()), initialPassword(passwords.adminPassword()), "Admin",
                        societe.nom(), "ADMIN", ADMIN_PERMISSIONS),
                new DefaultUser(userEmail(societe.code()), initialPassword(passwords.userPassword()), "Utilisateur",
                        "Standard", "USER", List.of()));
    }

    private String initialPassword(String configured) {
        if (!passwords.generate()) {
            return configured;
        }
        StringBuilder generated = new StringBuilder(GENERATED_PASSWORD_LENGTH);
        for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
            generated.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return generated.toString();
    }

    /**
     * Creates what is missing; users, links and settings already there are left as they are.
     * Generated passwords of the users created here are sealed for the job in the same transaction.
     */
    @Transactional
    public void create(JobContext job) {
        UUID jobId = job.jobId();
        UUID societeId = job.tenant().societeId();
        String societeCode = job.tenant().code();
        List<InitialPasswordVault.InitialPassword> generated = new ArrayList<>();
        List<HashedUser> users = Optional.ofNullable(prepared.remove(jobId))
                .orElseGet(() -> hashInBackground(defaultUsers(job.tenant())))
                .stream().map(CompletableFuture::join).toList();
        // the société's maxUsers holds for the users this service creates: the admin first
        int maxUsers = jdbc.sql("select max_users from societes where id = :id").param("id", societeId)
                .query(Integer.class).optional().orElse(users.size());
        if (users.size() > maxUsers) {
            log.info("Société {} allows {} user(s): {} default user(s) not created", societeCode, maxUsers,
                    users.size() - maxUsers);
            users = users.subList(0, maxUsers);
        }
        for (HashedUser hashed : users) {
            DefaultUser user = hashed.user();
            UUID userId = insertUser(user, hashed.passwordHash());
            if (userId == null) {
                userId = existingUser(user.email());
            } else if (passwords.generate()) {
                generated.add(new InitialPasswordVault.InitialPassword(user.email(), user.password()));
            }
            jdbc.sql("""
                    insert into societe_users (user_id, societe_id, role, permissions, is_default)
                    values (:userId, :societeId, :role, cast(:permissions as jsonb), true)
                    on conflict (user_id, societe_id) do nothing""")
                    .param("userId", userId)
                    .param("societeId", societeId)
                    .param("role", user.role())
                    .param("permissions", json.writeValueAsString(user.permissions()))
                    .update();
            insertSettings(userId);
            insertNotificationSettings(userId);
            log.info("Default user {} ({}) ready for société {}", user.email(), user.role(), societeCode);
        }
        vault.seal(jobId, generated);
    }

    /** Removes the société's links and every user that belongs to no other société (settings go with them). */
    @Transactional
    public void remove(JobContext job) {
        UUID societeId = job.tenant().societeId();
        String societeCode = job.tenant().code();
        int users = jdbc.sql("""
                delete from users u
                where u.id in (select user_id from societe_users where societe_id = :societeId)
                  and not exists (select 1 from societe_users other
                                  where other.user_id = u.id and other.societe_id <> :societeId)""")
                .param("societeId", societeId)
                .update();
        int links = jdbc.sql("delete from societe_users where societe_id = :societeId")
                .param("societeId", societeId)
                .update();
        log.info("Removed {} users and {} remaining links of société {}", users, links, societeCode);
    }

    /** Undoes {@link #create}: the users, and the generated passwords nobody will need. */
    @Transactional
    public void undoCreate(JobContext job) {
        vault.discard(job.jobId());
        remove(job);
    }

    /** The new user's id, or null when a user with that e-mail already exists. */
    private UUID insertUser(DefaultUser user, String passwordHash) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into users (id, email, password_hash, nom, prenom, role, active, must_change_password)
                values (:id, :email, :passwordHash, :nom, :prenom, :role, true, true)
                on conflict ((lower(email))) do nothing""")
                .param("id", id)
                .param("email", user.email())
                .param("passwordHash", passwordHash)
                .param("nom", user.nom())
                .param("prenom", user.prenom())
                .param("role", user.role())
                .update();
        return inserted == 1 ? id : null;
    }

    private UUID existingUser(String email) {
        return jdbc.sql("select id from users where lower(email) = lower(:email)")
                .param("email", email)
                .query(UUID.class)
                .single();
    }

    private void insertSettings(UUID userId) {
        jdbc.sql("""
                insert into user_settings (user_id, language, timezone, theme, date_format, email_notifications,
                    push_notifications, sms_notifications, email_types, push_types, quiet_hours, appearance)
                values (:userId, :language, :timezone, :theme, :dateFormat, :email, :push, :sms,
                    cast(:emailTypes as jsonb), cast(:pushTypes as jsonb), cast(:quietHours as jsonb),
                    cast(:appearance as jsonb))
                on conflict (user_id) do nothing""")
                .param("userId", userId)
                .param("language", LANGUAGE)
                .param("timezone", TIMEZONE)
                .param("theme", THEME)
                .param("dateFormat", DATE_FORMAT)
                .param("email", EMAIL_NOTIFICATIONS)
                .param("push", PUSH_NOTIFICATIONS)
                .param("sms", SMS_NOTIFICATIONS)
                .param("emailTypes", toJson(EMAIL_TYPES))
                .param("pushTypes", toJson(PUSH_TYPES))
                .param("quietHours", toJson(QUIET_HOURS))
                .param("appearance", toJson(APPEARANCE))
                .update();
    }

    private void insertNotificationSettings(UUID userId) {
        jdbc.sql("""
                insert into notification_settings (user_id, enable_sound, enable_toast, enable_browser, enable_email,
                    enable_push, categories, priorities, working_hours, weekdays)
                values (:userId, :sound, :toast, :browser, :email, :push, cast(:categories as jsonb),
                    cast(:priorities as jsonb), cast(:workingHours as jsonb), cast(:weekdays as jsonb))
                on conflict (user_id) do nothing""")
                .param("userId", userId)
                .param("sound", NOTIFY_SOUND)
                .param("toast", NOTIFY_TOAST)
                .param("browser", NOTIFY_BROWSER)
                .param("email", NOTIFY_EMAIL)
                .param("push", NOTIFY_PUSH)
                .param("categories", toJson(NOTIFICATION_CATEGORIES))
                .param("priorities", toJson(NOTIFICATION_PRIORITIES))
                .param("workingHours", toJson(WORKING_HOURS))
                .param("weekdays", toJson(WEEKDAYS))
                .update();
    }

    private String toJson(Map<String, Object> value) {
        return json.writeValueAsString(value);
    }
}
