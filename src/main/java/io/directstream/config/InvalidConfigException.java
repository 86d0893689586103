package io.directstream.config;

import java.util.List;

/** The configuration cannot run: every problem found, each naming the key, the value and what was expected. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
