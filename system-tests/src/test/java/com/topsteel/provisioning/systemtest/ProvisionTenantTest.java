package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The seed note's promises, checked through the API and in the databases themselves. */
class ProvisionTenantTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();


    static String uniqueCode(String stem) {
        return stem + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36).toUpperCase();
    }

    static String body(String nom, String code) {
        return """
                {"nom": "%s", "code": "%s", "email": "contact@acme.com", "plan": "PROFESSIONAL", "maxUsers": 10, "maxSites": 2}"""
                .formatted(nom, code);
    }

    @Test
    void a_provision_is_accepted_then_reaches_SUCCEEDED_with_every_step_recorded() {
        String code = uniqueCode("ACME");
        Api.Response accepted = api.provision(body("Métallurgie ACME", code));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.body();
        String jobId = body.path("jobId").asString();
        assertThat(accepted.location()).isEqualTo("/api/jobs/" + jobId);
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("databaseName").asString()).isEqualTo(system.databaseName(code));
        assertThat(body.path("message").asString()).contains("Métallurgie ACME");
        assertThat(body.path("societeId").asString()).isNotBlank();
        assertThat(body.path("status").asString()).isEqualTo("QUEUED");

        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("message").asString())
                .isEqualTo("Société \"Métallurgie ACME\" créée avec succès avec sa base de données dédiée");
        assertThat(job.path("steps").values()).extracting(step -> step.path("name").asString())
                .containsExactly("claim-societe", "create-database", "migrate-tenant-schema", "seed-tenant-data",
                        "create-tenant-role", "create-default-users", "activate-societe");
        assertThat(job.path("steps").values()).allSatisfy(step -> {
            assertThat(step.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(step.path("attempts").asInt()).isEqualTo(1);
            assertThat(step.path("startedAt").asString()).isNotBlank();
            assertThat(step.path("finishedAt").asString()).isNotBlank();
        });

        JsonNode societe = api.get("/api/societes/" + body.path("societeId").asString()).body();
        assertThat(societe.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(societe.path("dateActivation").asString()).isNotBlank();
        assertThat(societe.path("plan").asString()).isEqualTo("PROFESSIONAL");
        assertThat(societe.path("maxUsers").asInt()).isEqualTo(10);
        assertThat(societe.path("maxSites").asInt()).isEqualTo(2);
        assertThat(api.get("/api/societes/by-code/" + code.toLowerCase()).body().path("id").asString())
                .isEqualTo(societe.path("id").asString());
    }

    @Test
    void the_tenant_database_has_the_TENANT_schema_and_the_seeded_rows() {
        String code = uniqueCode("SCHEMA");
        String jobId = api.provision(body("Aciers du Nord", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        String database = system.databaseName(code);
        assertThat(db.exists(database)).isTrue();
        JdbcClient tenant = db.in(database);
        assertThat(tenant.sql("select table_name from information_schema.tables where table_schema = 'public'")
                .query(String.class).list())
                .contains("system_parameters", "material_categories", "numbering_sequences", "sites", "audit_log",
                        "clients", "fournisseurs", "materiaux", "stocks", "produits", "projets", "commandes",
                        "ordres_fabrication", "query_builders", "query_builder_columns", "query_builder_joins",
                        "query_builder_calculated_fields", "query_builder_permissions");
        assertThat(tenant.sql("select encoding::text from pg_database where datname = current_database()")
                .query(String.class).single()).isEqualTo("6"); // UTF8

        List<Map<String, Object>> parameters = tenant.sql("select key, value, category from system_parameters order by key")
                .query().listOfRows();
        assertThat(parameters).containsExactlyInAnyOrder(
                Map.of("key", "company_name", "value", "Société " + code, "category", "general"),
                Map.of("key", "currency", "value", "EUR", "category", "financial"),
                Map.of("key", "vat_rate", "value", "20.0", "category", "financial"),
                Map.of("key", "decimal_precision", "value", "2", "category", "general"),
                Map.of("key", "auto_numbering", "value", "true", "category", "general"),
                Map.of("key", "backup_enabled", "value", "true", "category", "system"),
                Map.of("key", "audit_enabled", "value", "true", "category", "system"));

        assertThat(tenant.sql("select name, description from material_categories where active").query().listOfRows())
                .containsExactlyInAnyOrder(
                        Map.of("name", "Acier", "description", "Catégorie Acier"),
                        Map.of("name", "Aluminium", "description", "Catégorie Aluminium"),
                        Map.of("name", "Inox", "description", "Catégorie Inox"),
                        Map.of("name", "Cuivre", "description", "Catégorie Cuivre"),
                        Map.of("name", "Laiton", "description", "Catégorie Laiton"),
                        Map.of("name", "Consommables", "description", "Catégorie Consommables"),
                        Map.of("name", "Outillage", "description", "Catégorie Outillage"));
        assertThat(tenant.sql("select document_type from numbering_sequences where next_value = 1").query(String.class).list())
                .contains("CLIENT", "DEVIS", "COMMANDE", "FACTURE", "PROJET", "ORDRE_FABRICATION");
        assertThat(tenant.sql("select count(*) from sites where is_default").query(Long.class).single()).isEqualTo(1);
        assertThat(tenant.sql("select count(*) from audit_log where action = 'SOCIETE_PROVISIONED'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void a_tenant_copied_from_the_template_has_the_schema_of_one_migrated_from_scratch() {
        String code = uniqueCode("COPIED");
        String jobId = api.provision(body("Copiée", code)).body().path("jobId").asString();
        assertThat(api.awaitFinished(jobId, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        String scratch = system.services.tenantDatabasePrefix + "scratch" + code.toLowerCase();
        db.in("postgres").sql("create database " + scratch + " template template0").update();
        org.flywaydb.core.Flyway.configure()
                .dataSource(system.services.postgres.jdbcUrl(scratch), system.services.postgres.username(),
                        system.services.postgres.password())
                .locations("classpath:db/tenant").load().migrate();

        assertThat(schemaOf(system.databaseName(code))).isEqualTo(schemaOf(scratch)).isNotEmpty();
        db.in("postgres").sql("drop database " + scratch + " with (force)").update();
    }

    /** Columns, constraints, indexes and applied migrations: what makes two databases the same schema. */
    private static List<String> schemaOf(String database) {
        return db.in(database).sql("""
                select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                       || coalesce(column_default, '') from information_schema.columns where table_schema = 'public'
                union all
                select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                from pg_constraint where connamespace = 'public'::regnamespace
                union all
                select 'index ' || indexdef from pg_indexes where schemaname = 'public'
                union all
                select 'migration ' || version || ' ' || description || ' ' || checksum from flyway_schema_history
                order by 1""").query(String.class).list();
    }

    @Test
    void both_default_users_exist_with_hashed_passwords_roles_and_every_default_setting() {
        String code = uniqueCode("USERS");
        JsonNode accepted = api.provision(body("Chaudronnerie Martin", code)).body();
        assertThat(api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        UUID societeId = UUID.fromString(accepted.path("societeId").asString());
        String domain = code.toLowerCase() + ".topsteel.local";

        Map<String, Object> admin = user("admin@" + domain);
        Map<String, Object> user = user("user@" + domain);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        assertThat(bcrypt.matches("Admin123!", (String) admin.get("password_hash"))).isTrue();
        assertThat(bcrypt.matches("User123!", (String) user.get("password_hash"))).isTrue();
        assertThat((String) admin.get("password_hash")).startsWith("$2a$10$").doesNotContain("Admin123!");
        assertThat(admin).containsEntry("role", "ADMIN").containsEntry("nom", "Admin")
                .containsEntry("prenom", "Chaudronnerie Martin").containsEntry("active", true)
                .containsEntry("must_change_password", true);
        assertThat(user).containsEntry("role", "USER").containsEntry("nom", "Utilisateur")
                .containsEntry("prenom", "Standard").containsEntry("active", true)
                .containsEntry("must_change_password", true);

        assertThat(db.auth().sql("""
                select u.email, l.role, l.permissions::text as permissions, l.is_default
                from societe_users l join users u on u.id = l.user_id where l.societe_id = :id""")
                .param("id", societeId).query().listOfRows())
                .containsExactlyInAnyOrder(
                        Map.of("email", "admin@" + domain, "role", "ADMIN", "permissions", "[\"*\"]", "is_default", true),
                        Map.of("email", "user@" + domain, "role", "USER", "permissions", "[]", "is_default", true));

        for (Map<String, Object> each : List.of(admin, user)) {
            Map<String, Object> settings = db.auth().sql("select * from user_settings where user_id = :id")
                    .param("id", each.get("id")).query().singleRow();
            assertThat(settings).containsEntry("theme", "light").containsEntry("language", "fr")
                    .containsEntry("timezone", "Europe/Paris").containsEntry("date_format", "DD/MM/YYYY")
                    .containsEntry("email_notifications", true).containsEntry("push_notifications", true)
                    .containsEntry("sms_notifications", false);
            assertThat(json(settings, "email_types")).isEqualTo(Map.of("newMessages", true, "systemAlerts", true,
                    "taskReminders", true, "securityAlerts", true, "weeklyReports", false, "maintenanceNotices", false));
            assertThat(json(settings, "push_types")).isEqualTo(Map.of("enabled", true, "sound", true, "urgent", true,
                    "normal", true, "quiet", false));
            assertThat(json(settings, "quiet_hours")).isEqualTo(Map.of("enabled", false, "start", "22:00", "end", "07:00"));
            assertThat(json(settings, "appearance")).isEqualTo(Map.of("fontSize", "medium", "sidebarWidth", "normal",
                    "density", "comfortable", "accentColor", "blue", "contentWidth", "compact"));

            Map<String, Object> notifications = db.auth().sql("select * from notification_settings where user_id = :id")
                    .param("id", each.get("id")).query().singleRow();
            assertThat(notifications).containsEntry("enable_sound", true).containsEntry("enable_toast", true)
                    .containsEntry("enable_browser", true).containsEntry("enable_email", true)
                    .containsEntry("enable_push", true);
            assertThat(json(notifications, "categories")).isEqualTo(Map.of("system", true, "stock", true, "projet", true,
                    "production", true, "maintenance", true, "qualite", true, "facturation", true, "utilisateur", true,
                    "sauvegarde", false));
            assertThat(json(notifications, "priorities")).isEqualTo(Map.of("low", false, "normal", true, "high", true,
                    "urgent", true));
            assertThat(json(notifications, "working_hours")).isEqualTo(Map.of("enabled", false, "start", "09:00", "end", "18:00"));
            assertThat(json(notifications, "weekdays")).isEqualTo(Map.of("enabled", false, "days", List.of(1, 2, 3, 4, 5)));
        }
    }

    @Test
    void the_shared_database_holds_templates_menus_and_global_parameters() {
        JdbcClient shared = db.shared();
        assertThat(shared.sql("select count(*) from notification_templates").query(Long.class).single()).isPositive();
        assertThat(shared.sql("select count(*) from menu_items").query(Long.class).single()).isPositive();
        assertThat(shared.sql("select value from system_parameters where key = 'default_currency'").query(String.class).single())
                .isEqualTo("EUR");
    }

    @Test
    void a_code_already_used_is_refused_with_409_whatever_its_case() {
        String code = uniqueCode("DUP");
        Api.Response first = api.provision(body("Première", code));
        assertThat(first.status()).isEqualTo(202);
        long societesBefore = db.count("select count(*) from societes");

        Api.Response duplicate = api.provision(body("Seconde", code.toLowerCase()));
        api.awaitFinished(first.body().path("jobId").asString(), JOB_TIMEOUT);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(duplicate.body().path("errors").get(0).path("field").asString()).isEqualTo("code");
        assertThat(db.count("select count(*) from societes")).isEqualTo(societesBefore);
    }

    @Test
    void an_existing_database_of_the_same_name_is_refused_with_409_and_left_alone() {
        String code = uniqueCode("TAKEN");
        String database = system.databaseName(code);
        db.in("postgres").sql("create database " + database).update();

        Api.Response refused = api.provision(body("Déjà là", code));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("detail").asString()).contains(database);
        assertThat(db.count("select count(*) from societes where lower(code) = '" + code.toLowerCase() + "'")).isZero();
        assertThat(db.exists(database)).isTrue();
    }

    @Test
    void a_failed_provisioning_rolls_back_the_societe_and_never_drops_a_database_it_did_not_create() {
        String code = uniqueCode("ROLLBACK");
        String database = system.databaseName(code);
        system.pauseWorker();
        String jobId;
        try {
            JsonNode accepted = api.provision(body("Rollback SA", code)).body();
            jobId = accepted.path("jobId").asString();
            // someone else creates the database after the request was accepted
            db.in("postgres").sql("create database " + database).update();
        } finally {
            system.resumeWorker();
        }

        JsonNode job = api.awaitFinished(jobId, JOB_TIMEOUT);

        assertThat(job.path("status").asString()).isEqualTo("FAILED");
        assertThat(job.path("lastError").asString()).contains("already exists and was not created by job");
        assertThat(job.path("steps").values()).extracting(step -> step.path("name").asString() + "=" + step.path("status").asString())
                .containsExactly("claim-societe=COMPENSATED", "create-database=COMPENSATED");
        assertThat(db.count("select count(*) from societes where lower(code) = '" + code.toLowerCase() + "'")).isZero();
        assertThat(db.count("select count(*) from users where email like '%@" + code.toLowerCase() + ".topsteel.local'")).isZero();
        assertThat(db.exists(database)).as("a database this job did not create stays").isTrue();
    }

    @Test
    void an_operator_can_suspend_and_reactivate_a_societe_but_not_one_being_provisioned() {
        String code = uniqueCode("SUSP");
        system.pauseWorker();
        JsonNode accepted;
        try {
            accepted = api.provision(body("Suspendue", code)).body();
            String societeId = accepted.path("societeId").asString();
            Api.Response early = api.put("/api/societes/" + societeId + "/suspend");
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.body().path("detail").asString()).contains("PROVISIONING");
        } finally {
            system.resumeWorker();
        }
        api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT);
        String societeId = accepted.path("societeId").asString();

        assertThat(api.put("/api/societes/" + societeId + "/suspend").body().path("status").asString()).isEqualTo("SUSPENDED");
        assertThat(api.get("/api/societes?status=SUSPENDED&code=" + code).body().path("totalElements").asLong()).isEqualTo(1);
        assertThat(api.put("/api/societes/" + societeId + "/activate").body().path("status").asString()).isEqualTo("ACTIVE");
        assertThat(api.put("/api/societes/" + UUID.randomUUID() + "/activate").status()).isEqualTo(404);
    }

    @Test
    void listings_statistics_and_job_queries_answer_from_the_recorded_state() {
        String code = uniqueCode("LIST");
        String jobId = api.provision(body("Listée", code)).body().path("jobId").asString();
        api.awaitFinished(jobId, JOB_TIMEOUT);

        JsonNode page = api.get("/api/societes?code=" + code.toLowerCase() + "&size=5").body();
        assertThat(page.path("totalElements").asLong()).isEqualTo(1);
        assertThat(page.path("content").get(0).path("code").asString()).isEqualTo(code);
        assertThat(api.get("/api/societes/active?size=100").body().path("totalElements").asLong()).isPositive();
        JsonNode statistics = api.get("/api/societes/statistics").body();
        assertThat(statistics.path("total").asLong()).isGreaterThanOrEqualTo(statistics.path("active").asLong()).isPositive();
        JsonNode jobs = api.get("/api/jobs?societeCode=" + code + "&status=SUCCEEDED").body();
        assertThat(jobs.path("content").get(0).path("id").asString()).isEqualTo(jobId);
        assertThat(api.get("/api/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/api/societes?size=1000").status()).isEqualTo(400);
    }

    private Map<String, Object> user(String email) {
        return db.auth().sql("select * from users where email = :email").param("email", email).query().singleRow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Map<String, Object> row, String column) {
        return JSON.readValue(String.valueOf(row.get(column)), Map.class);
    }
}
