package com.topsteel.provisioning.systemtest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's {@code chromium} and {@code chromium-driver} (which {@code .ci/run} installs), headless,
 * for the browser tests: where they are missing a test is skipped saying why, unless
 * {@code REQUIRE_BROWSER_TESTS=true} (CI) makes their absence a failure.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver browser;
    private final Path profile;

    private HeadlessChromium(Path profile, ChromeDriver browser) {
        this.profile = profile;
        this.browser = browser;
    }

    /** A browser whose page is 1280×800, or the calling test class skipped where there is none. */
    static HeadlessChromium openOrSkip(Class<?> test) throws IOException {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!installed && !Boolean.parseBoolean(System.getenv("REQUIRE_BROWSER_TESTS"))) {
            String reason = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            LoggerFactory.getLogger(test).warn("{} skipped: {}", test.getSimpleName(), reason);
            Assumptions.abort(reason);
        }
        Path profile = Files.createTempDirectory("browser-test-chromium-");
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
        HeadlessChromium chromium = new HeadlessChromium(profile, new ChromeDriver(driver, options));
        chromium.resizePage(1280, 800);
        return chromium;
    }

    /** The window's size includes what the browser draws around the page: this sizes the page itself. */
    void resizePage(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
        long pageWidth = (Long) browser.executeScript("return window.innerWidth");
        long pageHeight = (Long) browser.executeScript("return window.innerHeight");
        browser.manage().window().setSize(new Dimension(width + (width - (int) pageWidth), height + (height - (int) pageHeight)));
    }

    /**
     * The page as it is now, always in {@code system-tests/target/}, and in {@code docs/} (where the
     * documentation shows it) when the system property {@code updateProperty} is true, so a plain test
     * run leaves the working tree as it was.
     */
    void saveScreenshot(String fileName, String updateProperty) throws IOException {
        byte[] picture = browser.getScreenshotAs(OutputType.BYTES);
        Path module = Path.of("").toAbsolutePath();
        boolean inModule = module.getFileName().toString().equals("system-tests");
        Path target = (inModule ? module : module.resolve("system-tests")).resolve("target").resolve(fileName);
        Files.createDirectories(target.getParent());
        Files.write(target, picture);
        if (Boolean.getBoolean(updateProperty)) {
            Files.write((inModule ? module.getParent() : module).resolve("docs").resolve(fileName), picture);
        }
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        FileSystemUtils.deleteRecursively(profile);
    }
}
