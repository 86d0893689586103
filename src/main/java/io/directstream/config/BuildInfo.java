package io.directstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build wrote into the jar: the project's version and the build's id (its time). */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    /** The project's version ({@code 1.0.0-SNAPSHOT}), or {@code development} outside a build. */
    public static String version() {
        return PROPS.getProperty("version", "development");
    }

    /** The id of the running code, {@code version-build}: a checkpoint is used only by the code that wrote it. */
    public static String codeId() {
        return PROPS.getProperty("code.id", "development");
    }

    /** The line {@code --version} prints for a command. */
    public static String versionLine(String command) {
        return command + " (direct-stream-job " + version() + ", build " + PROPS.getProperty("build", "development")
                + "; " + PROPS.getProperty("built.against", "not a build") + ")";
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/direct-stream-job-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // outside a build: "development"
        }
        return p;
    }
}
