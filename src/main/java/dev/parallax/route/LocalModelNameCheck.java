package dev.parallax.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Target;
import dev.parallax.privacy.DetectorException;
import dev.parallax.privacy.EntityType;
import dev.parallax.privacy.Finding;
import dev.parallax.privacy.NameCheck;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names of people and places, asked of the local model with a strict extraction prompt: the text goes to a model on
 * this machine only (a local target, which the gate does not check). An answer that is not the asked-for JSON makes
 * the check fail, and so the gate undecided: nothing leaves.
 */
public final class LocalModelNameCheck implements NameCheck {

    static final String SYSTEM = "You extract names. Reply with JSON only: an array of objects {\"text\": ..., \"type\": "
            + "\"person\" or \"place\"}, one for every name of a person and every place name in the user's text, each "
            + "text copied exactly as written. Reply [] when there is none. No other words.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** Runs a prompt on the local model and returns its answer. */
    @FunctionalInterface
    public interface LocalAsk {
        String ask(RunSpec spec) throws DetectorException;
    }

    private final String model;
    private final LocalAsk ask;

    public LocalModelNameCheck(String model, LocalAsk ask) {
        this.model = model;
        this.ask = ask;
    }

    /** Asks through the run path (a local run, recorded in history like any other). */
    public static LocalModelNameCheck through(RunService runs, String model) {
        return new LocalModelNameCheck(model, spec -> {
            try {
                ActiveRun run = runs.start(spec, e -> { });
                Optional<RunResult> r = run.await(TIME_LIMIT);
                if (r.isEmpty()) {
                    run.cancel();
                    throw new DetectorException("the local model took more than " + TIME_LIMIT.toSeconds() + " s");
                }
                if (!r.get().succeeded()) {
                    throw new DetectorException("the local model's run " + r.get().status().label()
                            + r.get().error().map(e -> ": " + e).orElse(""));
                }
                return r.get().text();
            } catch (RunRejectedException e) {
                throw new DetectorException("the local model cannot run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DetectorException("interrupted", e);
            }
        });
    }

    @Override
    public List<Finding> find(String text) throws DetectorException {
        GenerationParams params = GenerationParams.defaults().withTemperature(0).withMaxTokens(256).withSeed(1);
        String answer = ask.ask(RunSpec.prompt(Target.local(model), SYSTEM, text, PromptMode.CHAT, params));
        return spans(text, answer);
    }

    /** Every occurrence in {@code text} of every name in the model's answer. */
    static List<Finding> spans(String text, String answer) throws DetectorException {
        int open = answer.indexOf('[');
        int close = answer.lastIndexOf(']');
        if (open < 0 || close < open) {
            throw new DetectorException("the local model did not answer with a JSON array of names");
        }
        JsonNode names;
        try {
            names = JSON.readTree(answer.substring(open, close + 1));
        } catch (IOException e) {
            throw new DetectorException("the local model's list of names is not valid JSON");
        }
        List<Finding> found = new ArrayList<>();
        for (JsonNode n : names) {
            String name = n.isTextual() ? n.asText() : n.path("text").asText("");
            if (name.isBlank()) {
                continue;
            }
            EntityType type = n.path("type").asText("person").toLowerCase(Locale.ROOT).startsWith("place")
                    ? EntityType.LOCATION : EntityType.PERSON_NAME;
            for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length())) {
                found.add(new Finding(type, at, at + name.length(), 0.6, "local-model"));
            }
        }
        return found;
    }
}
