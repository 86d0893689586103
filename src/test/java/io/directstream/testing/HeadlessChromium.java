package io.directstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for screenshots of the HTML report. Installed by the test setup when missing
 * ({@code apt-get install chromium}, as root or through sudo), started with the flags this closed network needs.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** The chromium binary, installing the Debian package if needed. */
    public static synchronized Path binary() throws IOException, InterruptedException {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> sudo = root ? List.of() : List.of("sudo", "-n");
        run(with(sudo, "apt-get", "update", "-q"), 600);
        run(with(sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "chromium"), 900);
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new IllegalStateException("chromium is not installed and apt-get could not install it");
        }
        return Path.of("/usr/bin/chromium");
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

    private static List<String> with(List<String> prefix, String... cmd) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(cmd));
        return all;
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
