package dev.parallax.ui.history;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.history.RunRecord;
import dev.parallax.ui.base.Formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A stored run as labelled sections for the details pane: what was asked, with what, how fast, where. */
public final class RunDetails {

    public record Field(String label, String value) {
    }

    public record Section(String title, List<Field> fields) {
    }

    private RunDetails() {
    }

    public static List<Section> of(RunRecord r) {
        List<Section> sections = new ArrayList<>();
        List<Field> run = new ArrayList<>();
        // A stopped run's error is the word "cancelled": said once, not "cancelled — cancelled".
        run.add(new Field("Status", r.status().label() + r.error()
                .filter(e -> !e.isBlank() && !e.strip().equalsIgnoreCase(r.status().label())).map(e -> " — " + e).orElse("")));
        run.add(new Field("Started", Formats.time(r.startedAt())));
        run.add(new Field("Ended", r.endedAt().map(Formats::time).orElse(Formats.NONE)));
        run.add(new Field("Target", r.target().toString()));
        run.add(new Field("Mode", r.mode().name().toLowerCase(Locale.ROOT)));
        long earlierPrompts = r.spec().earlierTurns().stream().filter(m -> m.role() == ChatMessage.Role.USER).count();
        if (earlierPrompts > 0) {
            run.add(new Field("Conversation", "turn " + (earlierPrompts + 1) + "; the earlier turns open with it in the "
                    + "Playground"));
        }
        r.costUsd().ifPresent(c -> run.add(new Field("Cost", Formats.usd(c) + r.costBasis().map(b -> " (" + b + ")").orElse(""))));
        sections.add(new Section("Run", run));

        GenerationParams p = r.params();
        sections.add(new Section("Parameters", List.of(
                new Field("Threads", p.threads() == 0 ? "auto" : Integer.toString(p.threads())),
                new Field("Context", p.contextSize() == 0 ? "default" : Formats.count(p.contextSize())),
                new Field("Max tokens", Formats.count(p.maxTokens())),
                new Field("Temperature", number(p.temperature())),
                new Field("Top-k", Integer.toString(p.topK())),
                new Field("Top-p", number(p.topP())),
                new Field("Min-p", number(p.minP())),
                new Field("Repeat penalty", number(p.repeatPenalty())),
                new Field("Seed", p.seed() < 0 ? "random" : Long.toString(p.seed())),
                new Field("Stop", p.stop().isEmpty() ? Formats.NONE : String.join("  ", p.stop().stream()
                        .map(s -> "“" + s.replace("\n", "\\n").replace("\t", "\\t") + "”").toList())),
                new Field("GPU layers", Integer.toString(p.gpuLayers())))));

        var t = r.timings();
        List<Field> timings = new ArrayList<>(List.of(
                new Field("Time to first token", Formats.millis(t.ttftMs())),
                new Field("Tokens/s", Formats.rate(t.completionTokensPerSecond())),
                new Field("Prompt tokens/s", Formats.rate(t.promptTokensPerSecond())),
                new Field("Total", r.endedAt().isPresent() ? Formats.millis(t.totalMs()) : Formats.NONE),
                new Field("Queue", r.endedAt().isPresent() ? Formats.millis(t.queueMs()) : Formats.NONE),
                new Field("Model load", Formats.millis(t.modelLoadMs())),
                new Field("Prompt tokens", Formats.count(r.usage().promptTokens()) + " (" + r.usage().basis().label() + ")"),
                new Field("Completion tokens", Formats.count(r.usage().completionTokens()) + " (" + r.usage().basis().label() + ")")));
        sections.add(new Section("Timings (Parallax)", timings));
        t.engine().ifPresent(e -> sections.add(new Section("Timings (llama.cpp's own)", engine(e))));

        var m = r.model();
        sections.add(new Section("Model", List.of(
                new Field("Name", orNone(m.name())),
                new Field("File", orNone(m.file())),
                new Field("SHA-256", orNone(m.sha256())),
                new Field("Architecture", orNone(m.architecture())),
                new Field("Quantization", orNone(m.quantization())),
                new Field("Engine", orNone((m.engine() + " " + m.engineBuild()).trim())))));

        var h = r.host();
        sections.add(new Section("Host", List.of(
                new Field("CPU", orNone(h.cpuModel())),
                new Field("Cores", Integer.toString(h.cores())),
                new Field("RAM", h.ramBytes() > 0 ? Formats.bytes(h.ramBytes()) : Formats.NONE),
                new Field("OS", orNone(h.os())),
                new Field("Parallax", orNone(h.parallaxVersion())))));
        return sections;
    }

    private static List<Field> engine(EngineTimings e) {
        return List.of(
                new Field("Prompt", Formats.count(e.promptTokens()) + " tokens in " + Formats.millis(e.promptMs())
                        + " (" + Formats.rate(e.promptTokensPerSecond()) + ")"),
                new Field("Generation", Formats.count(e.generatedTokens()) + " tokens in " + Formats.millis(e.generationMs())
                        + " (" + Formats.rate(e.generationTokensPerSecond()) + ")"));
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? Formats.NONE : s;
    }
}
