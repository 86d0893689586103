package io.directstream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Generates the configuration table of docs/configuration.md and {@code conf/job.properties.template} from {@link JobKeys}, so the
 * documentation cannot drift from the definitions. {@code ConfigDocsTest} fails when either file is stale; running
 * it with {@code -Ddocs.update=true} (or this class's main) rewrites them.
 */
public final class ConfigDocs {
    public static final String TABLE_START = "<!-- config-table:start (generated from JobKeys; see ConfigDocs) -->";
    public static final String TABLE_END = "<!-- config-table:end -->";

    private ConfigDocs() {
    }

    /** {@code ConfigDocs docs/configuration.md conf/job.properties.template}: rewrites both from the definitions. */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Path template = Path.of(args.length > 1 ? args[1] : "conf/job.properties.template");
        Files.writeString(readme, replaceTable(Files.readString(readme, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Files.writeString(template, template(), StandardCharsets.UTF_8);
    }

    /** The Markdown table of every key, in the order of a batch's life, followed by the pass-through prefixes. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Default | Valid values | Description |\n");
        sb.append("|---|---|---|---|\n");
        sb.append("| `kafka.bootstrap.servers` | (required) | host:port,... | Kafka brokers. |\n");
        sb.append("| `kafka.group.id` | (required) | | Consumer group of this stream (one stream per group); the job "
                + "commits its offsets there. |\n");
        for (ConfigKey k : keys()) {
            sb.append("| `").append(k.name).append("` | ").append(defaultText(k)).append(" | ")
                    .append(validText(k).replace("|", "\\|")).append(" | ").append(k.documentation.replace("|", "\\|"))
                    .append(" |\n");
        }
        sb.append("| `kafka.*` | | any KafkaConsumer setting | Passed to the consumer (prefix removed) and checked by "
                + "Kafka's own definitions. `enable.auto.commit` is always false; deserializers are fixed (the job reads "
                + "bytes). `auto.offset.reset` defaults to earliest (partitions discovered later lose nothing). |\n");
        sb.append("| `spark.*` | | any Spark setting | Applied to the SparkConf where spark-submit did not set it. |\n");
        sb.append("| `processor.*` | | | Handed to the processor's `configure` (prefix removed). |\n");
        sb.append("| `trigger.conf.*` | | | Handed to the trigger's `configure` (prefix removed). |\n");
        return sb.toString();
    }

    /** The document with its table replaced by the generated one. */
    public static String replaceTable(String readme) {
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the document lacks the markers " + TABLE_START + " ... " + TABLE_END);
        }
        return readme.substring(0, start + TABLE_START.length()) + "\n" + markdownTable() + readme.substring(end);
    }

    /** {@code conf/job.properties.template}: every key with its documentation; defaults commented out. */
    public static String template() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration of the direct-stream job. Copy to job.properties and edit.\n");
        sb.append("# Generated from the key definitions (io.directstream.config.JobKeys): every key the job knows is here.\n");
        sb.append("# Keys commented out show their default. Any key can be overridden on the command line as key=value.\n");
        sb.append("# An unknown key stops the job before Spark starts, naming the key.\n\n");
        sb.append("# ---- kafka: consumer settings, passed through with the prefix removed ----\n");
        sb.append("# Kafka brokers (required).\n");
        sb.append("kafka.bootstrap.servers=127.0.0.1:9092\n");
        sb.append("# Consumer group of this stream (required): one stream per group; offsets are committed there.\n");
        sb.append("kafka.group.id=orders-archive\n");
        sb.append("# Any other KafkaConsumer setting, e.g. security:\n");
        sb.append("#kafka.security.protocol=SASL_SSL\n");
        sb.append("#kafka.session.timeout.ms=45000\n");
        String group = null;
        for (ConfigKey k : keys()) {
            if (!k.group.equals(group)) {
                group = k.group;
                sb.append("\n# ---- ").append(group).append(" ----\n");
            }
            for (String line : wrap(k.documentation, 110)) {
                sb.append("# ").append(line).append('\n');
            }
            String valid = validText(k);
            if (!valid.isEmpty()) {
                sb.append("# Valid values: ").append(valid).append('\n');
            }
            if (k.name.equals(JobKeys.OUTPUT_LOCATION)) {
                sb.append(k.name).append("=s3://my-bucket/archive/orders\n");
            } else if (k.name.equals(JobKeys.SOURCE_TOPICS)) {
                sb.append(k.name).append("=orders\n");
            } else {
                sb.append('#').append(k.name).append('=').append(templateDefault(k)).append('\n');
            }
        }
        sb.append("\n# ---- spark: Spark settings, applied where spark-submit did not set them ----\n");
        sb.append("#spark.master=local[*]\n");
        sb.append("#spark.streaming.kafka.allowNonConsecutiveOffsets=false\n");
        sb.append("\n# ---- processor: settings for your RecordProcessor's configure(), prefix removed ----\n");
        sb.append("#processor.my.setting=value\n");
        return sb.toString();
    }

    private static List<ConfigKey> keys() {
        ConfigDef def = JobKeys.definition();
        List<ConfigKey> out = new ArrayList<>();
        for (String group : JobKeys.GROUPS) {
            def.configKeys().values().stream().filter(k -> k.group.equals(group))
                    .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup)).forEach(out::add);
        }
        return out;
    }

    private static String defaultText(ConfigKey k) {
        if (!k.hasDefault()) {
            return "(required)";
        }
        String d = templateDefault(k);
        return d.isEmpty() ? "(empty)" : "`" + d + "`";
    }

    private static String templateDefault(ConfigKey k) {
        if (!k.hasDefault() || k.defaultValue == null || k.type == ConfigDef.Type.PASSWORD) {
            return "";
        }
        return ConfigDef.convertToString(k.defaultValue, k.type);
    }

    /** The validator's rule in words: {@code earliest | latest}, {@code at least 1}, {@code 0 to 30}. */
    private static String validText(ConfigKey k) {
        if (k.validator == null) {
            return "";
        }
        String v = k.validator.toString();
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("\\[(-?\\d+),\\.\\.\\.(?:,(-?\\d+))?\\]").matcher(v);
        if (range.matches()) {
            return range.group(2) == null ? "at least " + range.group(1) : range.group(1) + " to " + range.group(2);
        }
        if (v.startsWith("[") && v.endsWith("]")) {
            return v.substring(1, v.length() - 1).replace(", ", " | ");
        }
        return v;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
