package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): an operator sees a FAILED job, retries it with a click and
 * watches it succeed; upgrade campaigns are steered; drift is checked and repaired; a société is restored
 * from its backup; a client key is turned away. Takes the README's screenshot (see saveScreenshot).
 */
class OpsDashboardBrowserTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);

    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void openChromium() throws IOException {
        chromium = HeadlessChromium.openOrSkip(OpsDashboardBrowserTest.class);
        browser = chromium.browser;
    }

    @AfterAll
    static void closeChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Each test starts logged out: the key lives in the tab's sessionStorage. */
    @BeforeEach
    void openTheOpsPageLoggedOut() {
        browser.get(system.baseUrl() + "/ops/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    @Test
    void an_operator_sees_a_failed_job_retries_it_with_a_click_and_sees_it_succeed() throws IOException {
        String succeededJob = provision("Aciérie du Nord", ProvisionTenantTest.uniqueCode("NORD"));
        String failingCode = ProvisionTenantTest.uniqueCode("LAMINOIR");
        system.faults().failPermanently(failingCode, "migrate-tenant-schema", 1);
        String failedJob = provision("Laminoir de l'Est", failingCode);
        assertThat(api.awaitFinished(succeededJob, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.awaitFinished(failedJob, JOB_TIMEOUT).path("status").asString()).isEqualTo("FAILED");

        logIn(Api.OPS_KEY);

        WebElement failedRow = waitFor(By.cssSelector("tr[data-job-id='" + failedJob + "']"));
        assertThat(failedRow.findElement(By.cssSelector("td.job-status")).getText()).isEqualTo("FAILED");
        assertThat(failedRow.getText()).contains(failingCode).contains("injected permanent fault");
        assertThat(browser.findElement(By.cssSelector("tr[data-job-id='" + succeededJob + "'] td.job-status")).getText())
                .isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.id("jobrunr-link")).getAttribute("href")).startsWith("http://localhost:8000/dashboard");
        String traceId = api.get("/api/jobs/" + failedJob).body().path("traceId").asString();
        assertThat(failedRow.findElement(By.cssSelector("a.trace-link")).getAttribute("href"))
                .as("the job's trace in the configured viewer").isEqualTo("http://traces.test/trace/" + traceId);
        saveScreenshot();

        failedRow.click();
        waitUntil(ExpectedConditions.textToBe(By.id("detail-status"), "FAILED"), PAGE_TIMEOUT);
        assertThat(browser.findElement(By.id("steps")).getText()).contains("migrate-tenant-schema").contains("COMPENSATED");
        browser.findElement(By.id("detail-retry")).click();

        waitUntil(ExpectedConditions.textToBe(By.id("detail-status"), "SUCCEEDED"), JOB_TIMEOUT);
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-job-id='" + failedJob + "'] td.job-status"),
                "SUCCEEDED"), PAGE_TIMEOUT);
        assertThat(browser.findElement(By.id("message")).getText()).contains("retried");
        assertThat(browser.findElement(By.id("detail-retry")).isDisplayed()).isFalse();
        assertThat(api.get("/api/jobs/" + failedJob).body().path("runs").asInt()).isEqualTo(2);
    }

    /**
     * Campaigns to version 2, which every société here is at already, so this JVM's worker runs
     * them through: the first starts with a failed tenant (recorded as a campaign would), is paused,
     * resumed (and completes), then retried for its failed tenant; a second is aborted.
     */
    @Test
    void an_operator_sees_upgrade_campaigns_their_failed_tenants_and_pauses_resumes_retries_and_aborts_them() {
        String failing = ProvisionTenantTest.uniqueCode("VERSION");
        String pending = ProvisionTenantTest.uniqueCode("VERSION");
        assertThat(api.awaitFinished(provision("Version A", failing), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.awaitFinished(provision("Version B", pending), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        db.auth().sql("update provisioning.upgrade_campaigns set status = 'ABORTED' where status in ('RUNNING', 'PAUSED')").update();
        String campaign = runningCampaign(Map.of(failing, "FAILED", pending, "PENDING"));

        logIn(Api.OPS_KEY);
        By campaignRow = By.cssSelector("tr[data-campaign-id='" + campaign + "']");
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + campaign + "'] td.campaign-status"),
                "RUNNING"), PAGE_TIMEOUT);
        assertThat(browser.findElement(campaignRow).findElement(By.cssSelector("td.campaign-progress")).getText())
                .contains("1 / 2");
        browser.findElement(campaignRow).click();
        WebElement failure = waitFor(By.cssSelector("#campaign-failures tr.failed-tenant"));
        assertThat(failure.getText()).contains(failing).contains("relation \"stocks\" already has a column");

        browser.findElement(campaignRow).findElement(By.cssSelector("button.campaign-pause")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + campaign + "'] td.campaign-status"),
                "PAUSED"), PAGE_TIMEOUT);
        browser.findElement(campaignRow).findElement(By.cssSelector("button.campaign-resume")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + campaign + "'] td.campaign-status"),
                "COMPLETED"), JOB_TIMEOUT);
        assertThat(browser.findElement(campaignRow).findElement(By.cssSelector("td.campaign-failed")).getText()).isEqualTo("1");

        browser.findElement(campaignRow).findElement(By.cssSelector("button.campaign-retry-failed")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + campaign + "'] td.campaign-failed"),
                "0"), JOB_TIMEOUT);
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + campaign + "'] td.campaign-status"),
                "COMPLETED"), JOB_TIMEOUT);
        assertThat(browser.findElements(By.cssSelector("#campaign-failures tr.failed-tenant"))).isEmpty();

        String second = runningCampaign(Map.of(pending, "PENDING"));
        browser.navigate().refresh();
        By secondRow = By.cssSelector("tr[data-campaign-id='" + second + "']");
        waitFor(secondRow).findElement(By.cssSelector("button.campaign-abort")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("tr[data-campaign-id='" + second + "'] td.campaign-status"),
                "ABORTED"), PAGE_TIMEOUT);
        assertThat(api.get("/api/ops/upgrades/" + second).body().path("campaign").path("counts").path("SKIPPED").asLong())
                .isEqualTo(1);
    }

    /**
     * A société whose database was dropped by hand: the operator checks (a dry run proposes to mark
     * it DEGRADED and changes nothing), then applies and sees the repair.
     */
    @Test
    void an_operator_checks_the_fleet_for_drift_and_applies_the_repairs_with_a_click() {
        String code = ProvisionTenantTest.uniqueCode("DERIVE");
        assertThat(api.awaitFinished(provision("Dérive", code), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        db.in("postgres").sql("drop database \"" + system.databaseName(code) + "\" with (force)").update();
        By finding = By.xpath("//table[@id='drift-findings']//tr[td[@class='drift-target' and text()='" + code + "']]");

        logIn(Api.OPS_KEY);
        waitFor(By.id("drift-check")).click();

        WebElement proposed = waitUntil(ExpectedConditions.visibilityOfElementLocated(finding), JOB_TIMEOUT);
        assertThat(proposed.findElement(By.cssSelector("td.drift-kind")).getText()).isEqualTo("MISSING_DATABASE");
        assertThat(proposed.findElement(By.cssSelector("td.drift-action")).getText()).isEqualTo("MARK_DEGRADED");
        assertThat(proposed.findElement(By.cssSelector("td.drift-outcome")).getText()).isEqualTo("PROPOSED");
        assertThat(browser.findElement(By.id("drift-summary")).getText()).startsWith("Dry run");
        assertThat(societeStatus(code)).isEqualTo("ACTIVE");

        waitUntil(ExpectedConditions.elementToBeClickable(By.id("drift-apply")), JOB_TIMEOUT).click();
        waitFor(By.id("drift-confirm-yes")).click();

        waitUntil(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//table[@id='drift-findings']//tr[td[@class='drift-target' and text()='" + code + "']]/td[@class='drift-outcome']"),
                "APPLIED"), JOB_TIMEOUT);
        assertThat(browser.findElement(By.id("drift-summary")).getText()).startsWith("Reconciliation");
        assertThat(societeStatus(code)).isEqualTo("DEGRADED");
    }

    @Test
    void an_operator_sees_the_servers_and_changes_a_capacity_and_is_told_why_a_wrong_one_is_refused() {
        logIn(Api.OPS_KEY);

        By secondRow = By.cssSelector("#servers tr[data-server='" + SecondServer.NAME + "']");
        WebElement second = waitFor(secondRow);
        assertThat(waitFor(By.cssSelector("#servers tr[data-server='default'] td.server-name")).getText()).isEqualTo("default");
        assertThat(second.findElement(By.cssSelector("td.server-status")).getText()).isEqualTo("DISABLED");
        try {
            WebElement capacity = second.findElement(By.cssSelector("input.server-capacity-choice"));
            capacity.clear();
            capacity.sendKeys("-4");
            second.findElement(By.cssSelector("button.server-save")).click();
            waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("servers-message"), "maxTenants"), PAGE_TIMEOUT);
            assertThat(api.get("/api/ops/servers/" + SecondServer.NAME).body().path("maxTenants").isNull()).isTrue();

            second = browser.findElement(secondRow);
            capacity = second.findElement(By.cssSelector("input.server-capacity-choice"));
            capacity.clear();
            capacity.sendKeys("7");
            second.findElement(By.cssSelector("button.server-save")).click();
            waitUntil(ExpectedConditions.textToBe(By.cssSelector("#servers tr[data-server='" + SecondServer.NAME
                    + "'] td.server-capacity"), "7"), PAGE_TIMEOUT);
            assertThat(api.get("/api/ops/servers/" + SecondServer.NAME).body().path("maxTenants").asInt()).isEqualTo(7);
            assertThat(api.get("/api/ops/servers/" + SecondServer.NAME).body().path("status").asString()).isEqualTo("DISABLED");
        } finally {
            api.patch("/api/ops/servers/" + SecondServer.NAME, "{\"status\": \"DISABLED\", \"maxTenants\": null}");
        }
    }

    @Test
    void an_operator_moves_a_societe_to_another_server_is_told_why_a_move_is_refused_and_drains_a_server() {
        String code = ProvisionTenantTest.uniqueCode("OPSMOVE");
        assertThat(api.awaitFinished(provision("Déménagement", code), JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        String id = api.get("/api/societes/by-code/" + code).body().path("id").asString();
        api.patch("/api/ops/servers/" + SecondServer.NAME, "{\"status\": \"ACTIVE\", \"maxTenants\": null}");
        try {
            logIn(Api.OPS_KEY);
            waitFor(By.cssSelector("#servers tr[data-server='" + SecondServer.NAME + "']"));
            waitFor(By.id("move-code")).sendKeys(code);
            new Select(browser.findElement(By.id("move-server"))).selectByValue(SecondServer.NAME);
            browser.findElement(By.cssSelector("#move-form button[type=submit]")).click();
            waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("servers-message"), "SUCCEEDED, unavailable"),
                    JOB_TIMEOUT);
            assertThat(api.get("/api/societes/" + id).body().path("server").asString()).isEqualTo(SecondServer.NAME);

            // the same move again: refused, with the API's reason
            browser.findElement(By.cssSelector("#move-form button[type=submit]")).click();
            waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("servers-message"), "server"), PAGE_TIMEOUT);
            assertThat(browser.findElement(By.id("servers-message")).getText()).contains("déjà sur le serveur");

            browser.findElement(By.cssSelector("#servers tr[data-server='" + SecondServer.NAME + "'] button.server-drain")).click();
            assertThat(waitFor(By.id("drain-confirm-text")).getText()).contains(SecondServer.NAME);
            browser.findElement(By.id("drain-confirm-yes")).click();
            waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("servers-message"),
                    "Drain of " + SecondServer.NAME + ": SUCCEEDED"), JOB_TIMEOUT);
            assertThat(api.get("/api/societes/" + id).body().path("server").asString()).isEqualTo("default");
            assertThat(api.get("/api/ops/servers/" + SecondServer.NAME).body().path("tenants").asLong()).isZero();
            assertThat(browser.findElement(By.cssSelector("#servers tr[data-server='" + SecondServer.NAME + "'] td.server-status"))
                    .getText()).isEqualTo("DRAINING");
        } finally {
            api.patch("/api/ops/servers/" + SecondServer.NAME, "{\"status\": \"DISABLED\", \"maxTenants\": null}");
        }
    }

    private static String societeStatus(String code) {
        return db.auth().sql("select status from societes where code = :code").param("code", code).query(String.class).single();
    }

    /** A RUNNING campaign to version 2 whose job is gone, with the given tenants as a campaign would have recorded them. */
    private static String runningCampaign(Map<String, String> tenants) {
        String id = java.util.UUID.randomUUID().toString();
        db.auth().sql("""
                insert into provisioning.upgrade_campaigns (id, job_id, target_version, status, canary_size, wave_size,
                    max_parallel, failure_threshold, requested_by)
                values (cast(:id as uuid), gen_random_uuid(), '2', 'RUNNING', 0, 50, 2, 100, 'dev-ops')""")
                .param("id", id).update();
        tenants.forEach((code, status) -> db.auth().sql("""
                insert into provisioning.upgrade_ledger (campaign_id, societe_id, societe_code, database_name, from_version,
                    to_version, status, attempts, error)
                select cast(:id as uuid), s.id, s.code, s.database_name, '1', '2', :status,
                    case when :status = 'FAILED' then 1 else 0 end,
                    case when :status = 'FAILED' then 'ERROR: relation "stocks" already has a column' end
                from societes s where s.code = :code""")
                .param("id", id).param("status", status).param("code", code).update());
        return id;
    }

    @Test
    void an_operator_restores_a_societe_from_its_backup_and_sees_a_destroyed_one_to_recover() {
        BackupTest.Tenant kept = BackupTest.provisioned("OPBK");
        String backupId = BackupTest.backedUp(kept).path("id").asString();
        db.in(kept.database()).sql("delete from material_categories").update();
        BackupTest.Tenant destroyed = BackupTest.provisioned("OPDL");
        String destroy = api.delete("/api/societes/" + destroyed.id() + "/destroy-tenant").body().path("jobId").asString();
        assertThat(api.awaitFinished(destroy, JOB_TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        logIn(Api.OPS_KEY);
        waitFor(By.cssSelector("#deleted-societes tr.deleted-societe[data-id='" + destroyed.id() + "'] button.recover"));
        waitFor(By.id("backups-code")).sendKeys(kept.code());
        browser.findElement(By.cssSelector("#backups-form button[type='submit']")).click();
        WebElement backup = waitFor(By.cssSelector("#backups tr.backup[data-id='" + backupId + "']"));
        assertThat(browser.findElement(By.id("backups-summary")).getText()).contains(kept.code()).contains("never");
        backup.findElement(By.cssSelector("button.restore")).click();
        waitFor(By.id("restore-confirm-yes")).click();

        Eventually.await("the restore asked for from the page done", JOB_TIMEOUT,
                () -> db.count("select count(*) from provisioning.jobs where type = 'RESTORE_TENANT' and status = 'SUCCEEDED'"
                        + " and societe_id = '" + kept.id() + "'"), done -> done == 1);
        assertThat(BackupTest.rows(kept, "material_categories")).isPositive();
        assertThat(societeStatus(kept.code())).isEqualTo("ACTIVE");
    }

    @Test
    void a_client_key_is_refused_and_sees_no_job() {
        logIn(Api.CLIENT_KEY);

        WebElement refusal = waitFor(By.id("login-error"));
        assertThat(refusal.getText()).contains("Access refused").contains("ops role");
        assertThat(browser.findElement(By.id("jobs-panel")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("tr.job"))).isEmpty();
        assertThat(browser.executeScript("return sessionStorage.length")).as("the refused key is not kept").isEqualTo(0L);
    }

    private static String provision(String nom, String code) {
        Api.Response accepted = api.provision(ProvisionTenantTest.body(nom, code));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.body().path("jobId").asString();
    }

    private static void logIn(String key) {
        waitFor(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("login")).click();
    }

    private static WebElement waitFor(By element) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(element), PAGE_TIMEOUT);
    }

    private static <T> T waitUntil(org.openqa.selenium.support.ui.ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(browser, timeout).until(condition);
    }

    /** The dashboard as the list shows a SUCCEEDED and a FAILED job: the picture under Operations dashboard. */
    private static void saveScreenshot() throws IOException {
        chromium.saveScreenshot("ops-dashboard.png", "ops.screenshot.update");
    }
}
