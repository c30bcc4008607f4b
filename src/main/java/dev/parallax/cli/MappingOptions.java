package dev.parallax.cli;

import dev.parallax.bench.dataset.ColumnMapping;
import picocli.CommandLine.Option;

/** How a dataset file's columns are used; roles not given are found by their usual names. */
final class MappingOptions {

    @Option(names = "--prompt-column", paramLabel = "C", description = "The column with the prompt (default: prompt, question, input...).")
    String prompt;

    @Option(names = "--system-column", paramLabel = "C", description = "The column with a system prompt.")
    String system;

    @Option(names = "--expected-column", paramLabel = "C", description = "The column with the expected answer (default: expected, answer...).")
    String expected;

    @Option(names = "--tags-column", paramLabel = "C", description = "The column with tags.")
    String tags;

    @Option(names = "--checks-column", paramLabel = "C", description = "The column with each row's own checks (default: checks, assert).")
    String checks;

    @Option(names = "--template", paramLabel = "T",
            description = "A prompt template; {{column}} is replaced by the row's value, e.g. \"Translate: {{text}}\".")
    String template;

    ColumnMapping mapping() {
        return ColumnMapping.auto().withPrompt(prompt).withSystem(system).withExpected(expected).withTags(tags)
                .withChecks(checks).withTemplate(template);
    }
}
