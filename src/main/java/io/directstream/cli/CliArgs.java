package io.directstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The small pieces every command line of the tools needs; each failure says which option and what it expects. */
public final class CliArgs {
    private CliArgs() {
    }

    /** The value after {@code option} at {@code args[i]}. */
    public static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A whole number of at least {@code min}. */
    public static long atLeast(String v, String option, long min) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": expected a whole number of at least " + min);
        }
    }

    /** An enum constant by its lower-case, dashed name ({@code partition-list} for {@code PARTITION_LIST}). */
    public static <E extends Enum<E>> E choice(Class<E> type, String v, String option) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(option + " " + v + ": expected one of " + String.join(", ", names));
        }
    }

    /**
     * The arguments with each {@code --option=value} split into {@code --option} and {@code value}, so that every
     * command accepts both spellings. Job keys ({@code key=value}, no leading dashes) are left as they are.
     */
    public static String[] expand(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                out.add(a.substring(0, eq));
                out.add(a.substring(eq + 1));
            } else {
                out.add(a);
            }
        }
        return out.toArray(new String[0]);
    }

    /** True when the arguments ask for the version ({@code --version}): the command prints it and exits 0. */
    public static boolean wantsVersion(String[] args) {
        for (String a : args) {
            if (a.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    /** True for a job key given as {@code key=value} among the options. */
    public static boolean isOverride(String arg) {
        return arg.contains("=") && !arg.startsWith("-");
    }

    /** Adds {@code arg} to {@code overrides} if it is a {@code key=value}; any other argument is unknown. */
    public static void override(String arg, List<String> overrides) {
        if (!isOverride(arg)) {
            throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
        overrides.add(arg);
    }
}
