package dev.parallax.privacy;

import dev.parallax.config.ConfigFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelled test corpus in {@code src/test/resources/privacy}: texts with the spans that must be found, and
 * sentences with the special category they belong to. Scores a gate on it, per entity type.
 */
final class PrivacyCorpus {

    record Span(EntityType type, int start, int end) {
    }

    /** @param sentence a line of special-categories.txt (a sentence that is, or looks like, special-category talk) */
    record Text(String text, List<Span> expected, boolean sentence) {
    }

    /** Precision and recall of one entity type. */
    record Score(int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        Score plus(Score o) {
            return new Score(truePositives + o.truePositives, falsePositives + o.falsePositives,
                    falseNegatives + o.falseNegatives);
        }
    }

    private static final Pattern MARK = Pattern.compile("⟦([a-z_]+)\\|(.*?)⟧", Pattern.DOTALL);

    final List<Text> texts = new ArrayList<>();

    static PrivacyCorpus load() {
        PrivacyCorpus c = new PrivacyCorpus();
        for (String line : lines("patterns.txt")) {
            String withBreaks = line.replace("\\n", "\n");
            StringBuilder plain = new StringBuilder();
            List<Span> spans = new ArrayList<>();
            Matcher m = MARK.matcher(withBreaks);
            int at = 0;
            while (m.find()) {
                plain.append(withBreaks, at, m.start());
                int start = plain.length();
                plain.append(m.group(2));
                spans.add(new Span(EntityType.fromLabel(m.group(1)), start, plain.length()));
                at = m.end();
            }
            plain.append(withBreaks.substring(at));
            c.texts.add(new Text(plain.toString(), spans, false));
        }
        for (String line : lines("special-categories.txt")) {
            int tab = line.indexOf('\t');
            String label = line.substring(0, tab);
            String sentence = line.substring(tab + 1);
            c.texts.add(new Text(sentence, label.equals("none") ? List.of()
                    : List.of(new Span(EntityType.fromLabel(label), 0, sentence.length())), true));
        }
        return c;
    }

    private static List<String> lines(String name) {
        try (InputStream in = PrivacyCorpus.class.getResourceAsStream("/privacy/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scores per entity type: a finding is right when it overlaps an expected span of its type. */
    Map<EntityType, Score> score(PrivacyGate gate, List<String> misses) {
        Map<EntityType, Score> scores = new EnumMap<>(EntityType.class);
        for (Text t : texts) {
            PrivacyGate.Scan scan = gate.scan(List.of(t.text));
            if (scan.undecided().isPresent()) {
                throw new IllegalStateException("the gate could not decide: " + scan.undecided().get());
            }
            List<Finding> found = scan.all();
            boolean[] matched = new boolean[t.expected.size()];
            for (Finding f : found) {
                boolean hit = false;
                for (int i = 0; i < t.expected.size(); i++) {
                    Span s = t.expected.get(i);
                    if (s.type == f.type() && f.start() < s.end && s.start < f.end()) {
                        hit = true;
                        matched[i] = true;
                    }
                }
                scores.merge(f.type(), hit ? new Score(1, 0, 0) : new Score(0, 1, 0), Score::plus);
                if (!hit) {
                    misses.add("false " + f.type().label() + " (" + f.detector() + "): "
                            + t.text.substring(f.start(), f.end()) + "   in: " + t.text);
                }
            }
            for (int i = 0; i < matched.length; i++) {
                if (!matched[i]) {
                    Span s = t.expected.get(i);
                    scores.merge(s.type, new Score(0, 0, 1), Score::plus);
                    misses.add("missed " + s.type.label() + ": " + t.text.substring(s.start, s.end) + "   in: " + t.text);
                }
            }
        }
        return scores;
    }

    /** Every text of the corpus, for building long prompts. */
    List<String> allTexts() {
        return texts.stream().map(Text::text).toList();
    }

    /** The texts of patterns.txt only: values and their look-alikes, no special-category sentences. */
    List<String> patternTexts() {
        return texts.stream().filter(t -> !t.sentence()).map(Text::text).toList();
    }

    /** A gate over a config with the corpus's user rules, and the bundled sentence model. */
    static PrivacyGate gate(Path home) {
        return gate(home, TestEncoder.shared());
    }

    static PrivacyGate gate(Path home, java.util.function.Supplier<SentenceEncoder> encoder) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrivacySettings settings = new PrivacySettings(new ConfigFile(home.resolve("config.json")));
        settings.putRule(UserRule.keywords("projects", List.of("Bluebird", "Nightjar")));
        settings.putRule(UserRule.regex("cases", "\\bCASE-\\d{5}\\b"));
        return new PrivacyGate(settings, encoder, List::of, Optional::empty);
    }
}
