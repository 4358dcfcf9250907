package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

/**
 * The sociétés console ({@code /console/}) in a headless Chromium, on the running system the other
 * system tests use: a société created from the form with its steps ticking live, the API's field
 * errors next to their fields, a retried step, suspend, activate, destroy after typing the code, and
 * a client kept to its own sociétés. Takes the screenshots of docs/console.md.
 */
class ConsoleBrowserTest extends SystemTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> PROVISION_STEPS = List.of("claim-societe", "create-database", "migrate-tenant-schema",
            "seed-tenant-data", "create-tenant-role", "create-default-users", "activate-societe");
    private static final String SCREENSHOTS_UPDATE = "console.screenshots.update";

    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void openChromium() throws IOException {
        chromium = HeadlessChromium.openOrSkip(ConsoleBrowserTest.class);
        browser = chromium.browser;
    }

    @AfterAll
    static void closeChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Each test starts logged out, at desktop width: the key lives in the tab's sessionStorage. */
    @BeforeEach
    void openTheConsoleLoggedOut() {
        chromium.resizePage(1280, 800);
        browser.get(system.baseUrl() + "/console/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    @Test
    void a_societe_created_from_the_form_shows_its_steps_succeed_live_and_ends_on_its_page() throws IOException {
        String code = ProvisionTenantTest.uniqueCode("FORME");
        // a slow step, so the page is seen mid-way: steps done, one running, the job not finished
        system.faults().pause(code, "seed-tenant-data", Duration.ofSeconds(3));
        logIn(Api.CLIENT_KEY);

        fillTheCreateForm("Forges de l'Ouest", code);
        new Select(browser.findElement(By.id("f-plan"))).selectByVisibleText("PROFESSIONAL");
        browser.findElement(By.id("f-maxUsers")).sendKeys("10");
        browser.findElement(By.id("create-submit")).click();

        waitUntil(stepStatusIs("seed-tenant-data", "RUNNING"), JOB_TIMEOUT);
        assertThat(stepStatus("create-database")).isEqualTo("SUCCEEDED");
        String jobId = browser.findElement(By.id("job-panel")).getDomAttribute("data-job-id");
        assertThat(api.get("/api/jobs/" + jobId).body().path("status").asString()).as("seen live, before the job ended")
                .isEqualTo("RUNNING");
        assertThat(browser.findElement(By.id("job-title")).getText()).isEqualTo("Creating société " + code);
        chromium.saveScreenshot("console-create.png", SCREENSHOTS_UPDATE);

        // every step ticks to SUCCEEDED on this page, then the page moves to the société's
        new WebDriverWait(browser, JOB_TIMEOUT, Duration.ofMillis(100)).until(driver -> PROVISION_STEPS.stream()
                .allMatch(step -> "SUCCEEDED".equals(stepStatusOrNull(step))));
        waitUntil(ExpectedConditions.textToBe(By.id("societe-status-badge"), "ACTIVE"), PAGE_TIMEOUT);
        JsonNode job = api.get("/api/jobs/" + jobId).body();
        assertThat(browser.getCurrentUrl()).endsWith("#/societes/" + job.path("societeId").asString());
        assertThat(browser.findElement(By.id("message")).getText()).contains(code).contains("every step succeeded");
        assertThat(browser.findElement(By.id("societe-plan")).getText()).isEqualTo("PROFESSIONAL");
        assertThat(browser.findElement(By.id("societe-max-users")).getText()).isEqualTo("10");
        assertThat(browser.findElement(By.id("societe-database")).getText()).isEqualTo(system.databaseName(code));
        assertThat(browser.findElement(By.id("societe-database-size")).getText()).endsWith("MB");
        String users = browser.findElement(By.id("societe-users")).getText();
        assertThat(users).contains("admin@" + code.toLowerCase() + ".topsteel.local").doesNotContain("Admin123!")
                .doesNotContain("User123!");
        assertThat(browser.findElement(By.cssSelector("#societe-jobs tr[data-job-id='" + jobId + "'] td.job-status")).getText())
                .isEqualTo("SUCCEEDED");
        assertThat(browser.findElements(By.cssSelector("#societe-actions button"))).as("a client may not act on it").isEmpty();
    }

    @Test
    void a_bad_code_shows_the_apis_message_on_that_field_and_creates_nothing() throws IOException {
        String code = ProvisionTenantTest.uniqueCode("MAUVAIS") + "-CODE";
        String apiMessage = api.provision(ProvisionTenantTest.body("Forge", code)).body().path("errors").get(0).path("message")
                .asString();
        logIn(Api.OPS_KEY);

        fillTheCreateForm("Forge", code);
        browser.findElement(By.id("f-maxSites")).sendKeys("51");
        browser.findElement(By.id("create-submit")).click();

        WebElement codeError = waitFor(By.id("f-code-error"));
        assertThat(codeError.getText()).isEqualTo(apiMessage);
        assertThat(browser.findElement(By.id("f-code")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("f-code")).getDomAttribute("aria-describedby")).contains("f-code-error");
        assertThat(browser.findElement(By.id("f-maxSites-error")).getText()).isEqualTo("must be less than or equal to 50");
        assertThat(browser.findElement(By.id("create-errors")).getText()).contains("Code: " + apiMessage);
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).as("the first field at fault has the focus")
                .isEqualTo("f-code");
        assertThat(browser.getCurrentUrl()).endsWith("#/create");
        chromium.saveScreenshot("console-form-errors.png", SCREENSHOTS_UPDATE);
        assertThat(db.auth().sql("select count(*) from societes where code = :code").param("code", code).query(Long.class)
                .single()).isZero();
        assertThat(api.get("/api/jobs?societeCode=" + code).body().path("totalElements").asLong()).isZero();

        // corrected, the field's error goes
        browser.findElement(By.id("f-code")).clear();
        browser.findElement(By.id("f-maxSites")).clear();
        browser.findElement(By.id("f-code")).sendKeys(code.replace("-", "_"));
        browser.findElement(By.id("create-submit")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("job-panel")), PAGE_TIMEOUT);
        assertThat(browser.findElements(By.id("f-code-error"))).isEmpty();
    }

    @Test
    void a_step_failing_once_shows_the_retry_schedule_then_succeeds() {
        String code = ProvisionTenantTest.uniqueCode("REPRISE");
        system.faults().failTransiently(code, "create-database", 1);
        logIn(Api.OPS_KEY);

        fillTheCreateForm("Reprise SA", code);
        browser.findElement(By.id("create-submit")).click();

        // the job waits about a second before its next attempt: look often
        String notice = new WebDriverWait(browser, JOB_TIMEOUT, Duration.ofMillis(100)).until(driver -> {
            List<WebElement> shown = browser.findElements(By.cssSelector("#retry-notice:not([hidden])"));
            return shown.isEmpty() ? null : shown.get(0).getText();
        });
        assertThat(notice).contains("create-database failed on attempt 1").contains("injected fault")
                .containsPattern("Attempt 2 at \\d\\d:\\d\\d:\\d\\d");
        assertThat(browser.findElement(By.id("job-events")).getText()).contains("Job retrying: next attempt at");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("job-events"), "create-database succeeded (attempt 2)"),
                JOB_TIMEOUT);
        waitUntil(ExpectedConditions.textToBe(By.id("societe-status-badge"), "ACTIVE"), JOB_TIMEOUT);
    }

    @Test
    void an_operator_suspends_then_activates_a_societe() throws IOException {
        JsonNode societe = provisioned("Suspens SARL", ProvisionTenantTest.uniqueCode("SUSPENS"));
        String id = societe.path("societeId").asString();
        logIn(Api.OPS_KEY);
        waitFor(By.cssSelector("#societes tr[data-societe-id='" + id + "']"));
        chromium.saveScreenshot("console-list.png", SCREENSHOTS_UPDATE);
        open("#/societes/" + id);
        waitUntil(ExpectedConditions.textToBe(By.id("societe-status-badge"), "ACTIVE"), PAGE_TIMEOUT);
        assertThat(browser.findElements(By.id("activate"))).as("already active").isEmpty();
        chromium.saveScreenshot("console-societe.png", SCREENSHOTS_UPDATE);

        browser.findElement(By.id("suspend")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("societe-status-badge"), "SUSPENDED"), PAGE_TIMEOUT);
        assertThat(api.get("/api/societes/" + id).body().path("status").asString()).isEqualTo("SUSPENDED");
        assertThat(browser.findElement(By.id("message")).getText()).contains("is now SUSPENDED");

        waitFor(By.id("activate")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("societe-status-badge"), "ACTIVE"), PAGE_TIMEOUT);
        assertThat(api.get("/api/societes/" + id).body().path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void an_operator_destroys_a_societe_only_after_typing_its_code() {
        String code = ProvisionTenantTest.uniqueCode("ADIEU");
        String id = provisioned("Adieu SA", code).path("societeId").asString();
        logIn(Api.OPS_KEY);
        open("#/societes/" + id);

        waitFor(By.id("destroy")).click();
        WebElement typed = waitFor(By.id("destroy-code"));
        WebElement confirm = browser.findElement(By.id("destroy-confirm-button"));
        typed.sendKeys(code.toLowerCase());
        assertThat(confirm.isEnabled()).as("the code exactly, not nearly").isFalse();
        typed.clear();
        typed.sendKeys(code);
        assertThat(confirm.isEnabled()).isTrue();
        confirm.click();

        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "destroyed"), JOB_TIMEOUT);
        assertThat(browser.getCurrentUrl()).endsWith("#/societes");
        assertThat(api.get("/api/societes/" + id).status()).isEqualTo(404);
        assertThat(db.exists(system.databaseName(code))).isFalse();
    }

    @Test
    void a_client_sees_and_opens_its_own_societes_only() {
        String stem = ProvisionTenantTest.uniqueCode("VOISIN");
        String own = api.as(Api.CLIENT_KEY).provision(ProvisionTenantTest.body("Ma forge", stem + "A")).body()
                .path("societeId").asString();
        String others = api.as(Api.OTHER_CLIENT_KEY).provision(ProvisionTenantTest.body("Forge voisine", stem + "B")).body()
                .path("societeId").asString();
        logIn(Api.CLIENT_KEY);

        browser.findElement(By.id("filter-code")).sendKeys(stem);
        browser.findElement(By.id("apply-list-filters")).click();
        waitUntil(ExpectedConditions.textToBe(By.id("list-summary"), "1 société"), PAGE_TIMEOUT);
        assertThat(browser.findElements(By.cssSelector("#societes tr[data-societe-id]")))
                .extracting(row -> row.getDomAttribute("data-societe-id")).containsExactly(own);
        assertThat(browser.findElement(By.id("nav-ops")).isDisplayed()).isFalse();

        open("#/societes/" + others);
        assertThat(waitFor(By.id("societe-missing")).getText()).contains("No such société");
        assertThat(browser.findElement(By.id("societe-panel")).getText()).doesNotContain("Forge voisine");

        open("#/societes/" + own);
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("societe-title"), "Ma forge"), PAGE_TIMEOUT);
        assertThat(browser.findElements(By.cssSelector("#societe-actions button"))).isEmpty();
    }

    @Test
    void the_pages_fit_a_phone_width_screen() throws IOException {
        String id = provisioned("Petit écran", ProvisionTenantTest.uniqueCode("ECRAN")).path("societeId").asString();
        chromium.resizePage(390, 844);
        logIn(Api.OPS_KEY);
        // each page with what shows once it has loaded; the société's last, for the picture
        List<Map.Entry<String, By>> pages = List.of(Map.entry("#/societes", By.cssSelector("#societes tbody tr")),
                Map.entry("#/create", By.id("f-nom")), Map.entry("#/societes/" + id, By.id("societe-status-badge")));
        for (var page : pages) {
            open(page.getKey());
            waitFor(page.getValue());
            long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as(() -> page.getKey() + " scrolls sideways, because of " + browser.executeScript(WIDER_THAN_THE_SCREEN))
                    .isLessThanOrEqualTo(0);
        }
        chromium.saveScreenshot("console-phone.png", SCREENSHOTS_UPDATE);
    }

    /** The outermost elements that reach past the screen's right edge, to name them in a failure. */
    private static final String WIDER_THAN_THE_SCREEN = """
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !(e.parentElement.getBoundingClientRect().right > width + 1))
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).join(', ');""";

    // ---- helpers

    private static JsonNode provisioned(String nom, String code) {
        JsonNode accepted = api.provision(ProvisionTenantTest.body(nom, code)).body();
        assertThat(api.awaitFinished(accepted.path("jobId").asString(), JOB_TIMEOUT).path("status").asString())
                .isEqualTo("SUCCEEDED");
        return accepted;
    }

    private static void logIn(String key) {
        waitFor(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("login")).click();
        waitFor(By.id("logout"));
    }

    private static void open(String hash) {
        browser.get(system.baseUrl() + "/console/" + hash);
    }

    private static void fillTheCreateForm(String nom, String code) {
        open("#/create");
        waitFor(By.id("f-nom")).sendKeys(nom);
        browser.findElement(By.id("f-code")).sendKeys(code);
        browser.findElement(By.id("f-email")).sendKeys("contact@example.com");
    }

    private static ExpectedCondition<Boolean> stepStatusIs(String step, String status) {
        return driver -> status.equals(stepStatusOrNull(step));
    }

    private static String stepStatus(String step) {
        return browser.findElement(By.cssSelector("#job-steps tr[data-step='" + step + "'] td.step-status")).getText();
    }

    private static String stepStatusOrNull(String step) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#job-steps tr[data-step='" + step + "'] td.step-status"));
        try {
            return cells.isEmpty() ? null : cells.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return null;
        }
    }

    private static WebElement waitFor(By element) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(element), PAGE_TIMEOUT);
    }

    private static <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(browser, timeout).until(condition);
    }
}
