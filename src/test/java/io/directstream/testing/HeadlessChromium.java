package io.directstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for screenshots of the HTML report, started with the flags this closed network needs.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /**
     * The chromium binary. A prerequisite of the test suite, like the JDK: {@code .ci/run} installs Debian's package
     * when it is missing, and the README says so. The test never installs anything itself.
     */
    public static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("Chromium is not installed (looked for /usr/bin/chromium and "
                + "/usr/bin/chromium-browser): the HTML report test needs it. Install it first, as .ci/run does: "
                + "apt-get install -y chromium");
    }

    /** Renders {@code html} and writes a PNG screenshot of {@code width} x {@code height}. */
    public static Path screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        run(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--screenshot=" + png,
                html.toUri().toString()), 120);
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium wrote no screenshot " + png);
        }
        return png;
    }

    private static void run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cmd", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed with " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }
}
