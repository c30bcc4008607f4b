package dev.parallax.cli;

import dev.parallax.core.FileErrors;
import dev.parallax.privacy.Assessment;
import dev.parallax.privacy.Decision;
import dev.parallax.privacy.Finding;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyLabel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax check}: what the privacy gate finds in a prompt, and where the policy would let it go. */
@Command(name = "check", sortOptions = false,
        description = "Check a prompt for personal data and secrets (on this machine) and print the decision for each provider.")
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt to check.")
        String prompt;

        @Option(names = "--file", paramLabel = "FILE", description = "Check the text of this file (UTF-8).")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--policy", paramLabel = "POLICY", description = "allow, redact or local-only instead of the saved policy.")
    String policy;

    @Option(names = "--local-only", description = "Check as a run labelled local-only.")
    boolean localOnly;

    @Option(names = "--json", description = "Print one JSON object: findings, decisions per provider.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String text = text();
        Optional<PrivacyAction> override;
        try {
            override = Optional.ofNullable(policy).map(PrivacyAction::parse);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        Assessment a = root.services().privacy().check(text,
                localOnly ? PrivacyLabel.LOCAL_ONLY : PrivacyLabel.UNLABELLED, override);
        PrintWriter out = root.out();
        if (json) {
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(PrivacyJson.assessment(a)));
            return 0;
        }
        out.println(a.findings().isEmpty() ? "Nothing sensitive found." : a.findings().size() + " finding(s):");
        for (Finding f : a.findings()) {
            out.printf(Locale.ROOT, "  %-20s [%d, %d)  confidence %.2f  %s%n", f.type().label(), f.start(), f.end(),
                    f.confidence(), f.detector());
        }
        a.undecided().ifPresent(u -> out.println("The gate could not decide (" + u + "): nothing will leave this machine."));
        out.println("Names of people and places: " + switch (a.nameCheck()) {
            case "off" -> "not checked (the local-model name check is off; turn it on with "
                    + "'parallax privacy set --name-check on').";
            case "on" -> "checked by the local model.";
            default -> a.nameCheck();
        });
        out.println("Decisions:");
        for (Decision d : a.decisions().values()) {
            out.printf(Locale.ROOT, "  %-14s %-11s %s%n", d.provider(), d.action().label(), d.rule());
        }
        out.printf(Locale.ROOT, "(checked in %.0f ms)%n", a.gateMs());
        return 0;
    }

    private String text() {
        if (input.prompt != null) {
            return input.prompt;
        }
        try {
            return Files.readString(input.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + input.file + ": " + FileErrors.inWords(e));
        }
    }
}
