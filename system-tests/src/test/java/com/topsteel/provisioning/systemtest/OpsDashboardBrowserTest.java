package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The ops page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): an operator sees a FAILED job, retries it with a click and
 * watches it succeed; a client key is turned away. Takes the README's screenshot (see saveScreenshot).
 */
class OpsDashboardBrowserTest extends SystemTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);

    private static Path profile;
    private static ChromeDriver browser;

    @BeforeAll
    static void openChromium() throws IOException {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        // CI installs them and says this test must run; elsewhere a machine with only a JDK skips it, saying why
        if (!installed && !Boolean.parseBoolean(System.getenv("REQUIRE_BROWSER_TESTS"))) {
            String reason = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            LoggerFactory.getLogger(OpsDashboardBrowserTest.class).warn("OpsDashboardBrowserTest skipped: {}", reason);
            Assumptions.abort(reason);
        }
        profile = Files.createTempDirectory("ops-dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        // the Debian driver, named outright: Selenium Manager would try to download one
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        // the window's size includes what the browser draws around the page: make the page itself 1280×800
        long pageHeight = (Long) browser.executeScript("return window.innerHeight");
        browser.manage().window().setSize(new Dimension(1280, 800 + (800 - (int) pageHeight)));
    }

    @AfterAll
    static void closeChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile == null) {
            return;
        }
        FileSystemUtils.deleteRecursively(profile);
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

    /**
     * The dashboard as the list shows a SUCCEEDED and a FAILED job: always in {@code target/}, and
     * as the README's picture in {@code docs/} with {@code -Dops.screenshot.update=true}, so a
     * plain test run leaves the working tree as it was.
     */
    private static void saveScreenshot() throws IOException {
        byte[] picture = browser.getScreenshotAs(OutputType.BYTES);
        Path module = Path.of("").toAbsolutePath();
        boolean inModule = module.getFileName().toString().equals("system-tests");
        Path target = (inModule ? module : module.resolve("system-tests")).resolve("target/ops-dashboard.png");
        Files.createDirectories(target.getParent());
        Files.write(target, picture);
        if (Boolean.getBoolean("ops.screenshot.update")) {
            Files.write((inModule ? module.getParent() : module).resolve("docs/ops-dashboard.png"), picture);
        }
    }
}
