package io.directstream.cli;

import org.apache.spark.SparkUserAppException;

/**
 * Ends a main method. Locally and in client mode: {@code System.exit} (Spark and Kafka leave non-daemon threads that
 * would keep the JVM alive). In YARN cluster mode the application master runs main in a thread and reports the
 * application's status when it returns: success by returning, failure by a {@link SparkUserAppException} carrying the
 * exit code; calling {@code System.exit} there would make YARN report a failure ("Shutdown hook called before final
 * status was reported").
 */
public final class Exit {
    private Exit() {
    }

    public static void with(int code) throws SparkUserAppException {
        if ("cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.master", "").startsWith("yarn")) {
            if (code == ExitCodes.OK) {
                return;
            }
            throw new SparkUserAppException(code);
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
