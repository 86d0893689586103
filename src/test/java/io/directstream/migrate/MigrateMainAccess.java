package io.directstream.migrate;

/** Lets tests in other packages run bin/migrate-offsets' entry point without exiting the JVM. */
public final class MigrateMainAccess {
    private MigrateMainAccess() {
    }

    public static int run(String... args) {
        return MigrateMain.run(args);
    }
}
