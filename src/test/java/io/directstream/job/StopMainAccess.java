package io.directstream.job;

/** Lets tests in other packages call bin/stop's entry point without exiting the JVM. */
public final class StopMainAccess {
    private StopMainAccess() {
    }

    public static int run(String[] args) {
        return StopMain.run(args);
    }
}
