package io.directstream.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which settings are secrets, and how they are shown: never. A key is secret when Kafka types it as a password
 * ({@code ssl.truststore.password}, {@code sasl.jaas.config}, {@code ssl.keystore.key}, ...), when the job types it so
 * ({@code s3.secret.key}), or when its name matches Spark's redaction rule ({@code spark.redaction.regex}'s default,
 * {@code (?i)secret|password|token|access[.]?key}) or names credentials ({@code jaas}, {@code credential},
 * {@code keytab}, {@code private.key}) — for every key, {@code processor.*} included.
 */
public final class Secrets {
    /** What Spark prints in place of a redacted value. */
    public static final String REDACTED = "*********(redacted)";

    private static final Pattern SPARK_DEFAULT = Pattern.compile("(?i)secret|password|token|access[.]?key");
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)jaas|credential|keytab|private[._-]?key|session[._-]?key");
    private static final Set<String> KAFKA_PASSWORDS = kafkaPasswords();

    private Secrets() {
    }

    private static Set<String> kafkaPasswords() {
        Set<String> out = new HashSet<>();
        for (ConfigDef def : new ConfigDef[] {ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef()}) {
            def.configKeys().forEach((k, v) -> {
                if (v.type == ConfigDef.Type.PASSWORD) {
                    out.add(k);
                }
            });
        }
        return out;
    }

    /** Whether {@code key} (as the user wrote it, with its {@code kafka.} or other prefix) holds a secret. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        String bare = k.startsWith(JobKeys.KAFKA_PREFIX) ? k.substring(JobKeys.KAFKA_PREFIX.length()) : k;
        return KAFKA_PASSWORDS.contains(bare) || KAFKA_PASSWORDS.contains(k) || SPARK_DEFAULT.matcher(k).find()
                || CREDENTIALS.matcher(k).find();
    }

    /** The value as it may be shown. */
    public static String shown(String key, String value) {
        return isSecret(key) ? REDACTED : value;
    }

    /** The values of the secret keys among {@code settings}, to scrub from text that may echo them. */
    public static Set<String> values(Map<String, String> settings) {
        Set<String> out = new HashSet<>();
        settings.forEach((k, v) -> {
            // short values ("true", "none", a port) would garble ordinary words of the messages: secrets are longer
            if (isSecret(k) && v != null && v.length() >= 6) {
                out.add(v);
            }
        });
        return out;
    }

    /** {@code text} with every occurrence of the secret values replaced. */
    public static String scrub(String text, Collection<String> secretValues) {
        String out = text;
        for (String s : secretValues) {
            out = out.replace(s, REDACTED);
        }
        return out;
    }
}
