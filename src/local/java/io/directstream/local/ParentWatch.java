package io.directstream.local;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in this JVM and halts the JVM when the given parent process ends, so that servers started
 * for a test or for {@code bin/run-local} never outlive their owner, even when the owner is killed with SIGKILL.
 *
 * <pre>java -cp ... io.directstream.local.ParentWatch PARENT_PID MAIN_CLASS [ARGS...]</pre>
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        String mainClass = args[1];
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        if (parent > 0) {
            Thread watch = new Thread(() -> {
                ProcessHandle.of(parent).ifPresentOrElse(p -> p.onExit().join(), () -> { });
                Runtime.getRuntime().halt(0);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        main.invoke(null, (Object) rest);
    }
}
