package io.directstream.source;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * While Kafka's reachability is first checked, the Kafka client's connection warnings are held back: a wrong port
 * would otherwise print one "could not be established" warning per reconnect (about 30 in the 30 s budget) before the
 * one line that names the setting and the endpoint. Only {@code NetworkClient}'s warnings, only for the check; where
 * the logging is not log4j 2 (as in Spark 3.5) nothing changes.
 */
final class QuietKafkaLogs implements AutoCloseable {
    private static final String LOGGER = "org.apache.kafka.clients.NetworkClient";
    private final Level previous;

    private QuietKafkaLogs(Level previous) {
        this.previous = previous;
    }

    static QuietKafkaLogs during() {
        try {
            if (LogManager.getContext(false) instanceof LoggerContext) {
                Level before = LogManager.getLogger(LOGGER).getLevel();
                if (!before.isMoreSpecificThan(Level.ERROR)) {
                    Configurator.setLevel(LOGGER, Level.ERROR);
                    return new QuietKafkaLogs(before);
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // another logging backend: leave it as it is
        }
        return new QuietKafkaLogs(null);
    }

    @Override
    public void close() {
        if (previous != null) {
            Configurator.setLevel(LOGGER, previous);
        }
    }
}
