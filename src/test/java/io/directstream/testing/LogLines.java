package io.directstream.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the log lines of one logger while a test runs in this JVM ({@code try (LogLines l = LogLines.of(...))}). */
public final class LogLines extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final String logger;

    private LogLines(String logger) {
        super("test-log-lines-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    /** Starts collecting what {@code type}'s logger writes, at INFO and above. */
    public static LogLines of(Class<?> type) {
        LogLines l = new LogLines(type.getName());
        l.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig own = new LoggerConfig(type.getName(), org.apache.logging.log4j.Level.INFO, true);
        own.addAppender(l, null, null);
        config.addLogger(type.getName(), own);
        ctx.updateLoggers();
        return l;
    }

    @Override
    public synchronized void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(logger);
        ctx.updateLoggers();
        stop();
    }
}
