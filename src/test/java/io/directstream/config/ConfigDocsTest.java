package io.directstream.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The configuration table (docs/configuration.md) and conf/job.properties.template are generated from JobKeys. When this fails,
 * regenerate with: mvn test -Dtest=ConfigDocsTest -Ddocs.update=true
 */
public class ConfigDocsTest {
    private static final Path README = Path.of("docs/configuration.md");
    private static final Path TEMPLATE = Path.of("conf/job.properties.template");

    @Test
    public void readmeTableMatchesTheDefinitions() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = ConfigDocs.replaceTable(readme);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
            readme = expected;
        }
        assertEquals("docs/configuration.md's configuration table is stale: mvn test -Dtest=ConfigDocsTest -Ddocs.update=true",
                expected, readme);
    }

    @Test
    public void templateMatchesTheDefinitions() throws Exception {
        String expected = ConfigDocs.template();
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(TEMPLATE, expected, StandardCharsets.UTF_8);
        }
        assertEquals("conf/job.properties.template is stale: mvn test -Dtest=ConfigDocsTest -Ddocs.update=true",
                expected, Files.readString(TEMPLATE, StandardCharsets.UTF_8));
    }

    @Test
    public void everyKeyIsDocumentedAndTheTemplateLoads() throws Exception {
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, ConfigDocs.replaceTable(Files.readString(README, StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            Files.writeString(TEMPLATE, ConfigDocs.template(), StandardCharsets.UTF_8);
        }
        String template = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (String key : JobKeys.definition().names()) {
            assertTrue(key + " missing from the template", template.contains(key + "="));
            assertTrue(key + " missing from docs/configuration.md", readme.contains("| `" + key + "` |"));
        }
        JobConfig c = ConfigLoader.load(TEMPLATE, List.of());
        assertEquals("orders-archive", c.groupId());
        assertEquals(List.of("orders"), c.topics());
    }
}
