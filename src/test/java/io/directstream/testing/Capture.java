package io.directstream.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a tool's entry point, capturing what it prints on standard output. */
public final class Capture {
    private Capture() {
    }

    /** {exit code, standard output}. */
    public static synchronized Object[] stdout(IntSupplier tool) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = tool.getAsInt();
            return new Object[] {code, out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(old);
        }
    }

    /** {exit code, standard output, standard error}. */
    public static synchronized Object[] both(IntSupplier tool) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Object[] r = stdout(tool);
            return new Object[] {r[0], r[1], err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }
}
