package io.directstream.config;

import io.directstream.storage.S3Location;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Kafka {@link ConfigDef.Validator}s for the job's own value types; each failure names the key, the value and the rule. */
final class Validators {
    private Validators() {
    }

    static ConfigDef.Validator duration(Duration min) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                Duration d;
                try {
                    d = Durations.parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (d.compareTo(min) < 0) {
                    throw new ConfigException(name, value, "must be at least " + min.toMillis() + "ms");
                }
            }

            @Override
            public String toString() {
                return "a duration (500ms, 5s, 2m, 1h, 1d) of at least " + Durations.human(min);
            }
        };
    }

    static ConfigDef.Validator size(long min, long max) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                long bytes;
                try {
                    bytes = Durations.parseSize(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (bytes < min || bytes > max) {
                    throw new ConfigException(name, value, "must be between " + min + " and " + max + " bytes");
                }
            }

            @Override
            public String toString() {
                return "a size (bytes, KiB, MiB, GiB) from " + (min >> 20) + " MiB to " + (max >> 30) + " GiB";
            }
        };
    }

    static ConfigDef.Validator s3Location(boolean optional) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (optional && (value == null || value.toString().isEmpty())) {
                    return;
                }
                try {
                    S3Location.parse(String.valueOf(value));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "s3://bucket/prefix";
            }
        };
    }

    static ConfigDef.Validator regex() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isEmpty()) {
                    return;
                }
                try {
                    Pattern.compile(value.toString());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "not a valid regular expression: " + e.getDescription());
                }
            }

            @Override
            public String toString() {
                return "a Java regular expression";
            }
        };
    }

    /** A value that {@code parser} accepts (empty allowed); its message says what was expected. */
    static ConfigDef.Validator parsed(java.util.function.Consumer<String> parser, String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isBlank()) {
                    return;
                }
                try {
                    parser.accept(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    static ConfigDef.Validator subclassOf(Class<?> type) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                Class<?> c;
                try {
                    c = Class.forName(String.valueOf(value), false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new ConfigException(name, value, "class not found on the job's classpath");
                }
                if (!type.isAssignableFrom(c)) {
                    throw new ConfigException(name, value, "must implement " + type.getName());
                }
                try {
                    c.getConstructor();
                } catch (NoSuchMethodException e) {
                    throw new ConfigException(name, value, "must have a public no-argument constructor");
                }
            }

            @Override
            public String toString() {
                return "a class implementing " + type.getSimpleName();
            }
        };
    }
}
