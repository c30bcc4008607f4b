package dev.parallax.report;

import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.RunStatus;
import dev.parallax.history.RunMetrics;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    /** Every text a chart draws, where it starts and ends as the canvas measures it. */
    record Label(String text, double from, double to, double baseline) {
    }

    static final class Recording implements Canvas {
        final List<Label> labels = new ArrayList<>();

        @Override
        public void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke) {
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed) {
        }

        @Override
        public void polyline(double[] xs, double[] ys, Rgb stroke, double width, boolean dashed) {
        }

        @Override
        public void circle(double cx, double cy, double r, Rgb fill) {
        }

        @Override
        public void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold) {
            double w = textWidth(text, size);
            double from = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - w / 2 : x - w;
            labels.add(new Label(text, from, from + w, y));
        }

        @Override
        public void verticalText(double x, double y, String text, double size, Rgb color) {
        }
    }

    static List<Label> draw(Charts.Chart chart) {
        Recording r = new Recording();
        chart.paint().accept(r);
        return r.labels;
    }

    /** A target whose runs all completed, at these tokens/s, each costing {@code usd} (null: unknown). */
    static TargetSection target(String name, double ttft, double tps, String usd) {
        List<RunMetrics> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(new RunMetrics(name + i, name, RunStatus.COMPLETED, OptionalDouble.of(ttft + i * ttft / 10),
                    ttft * 3 + i, OptionalDouble.of(tps + i), 20, 40,
                    usd == null ? Optional.empty() : Optional.of(new BigDecimal(usd)), "answer", Optional.empty()));
        }
        TargetStats s = new Statistics(new Bootstrap()).of(name, runs, 5, List.of());
        return new TargetSection(s, name.startsWith("local:"), runs.stream().mapToDouble(r -> r.ttftMs().getAsDouble()).toArray(),
                runs.stream().mapToDouble(RunMetrics::totalMs).toArray(),
                runs.stream().mapToDouble(r -> r.tokensPerSecond().getAsDouble()).toArray());
    }

    static final List<TargetSection> SIX = List.of(
            target("local:stories260K", 15, 3_505, "0.0000007"),
            target("local:TinyStories-656K-Q8_0-with-a-long-name", 250, 3_650, "0.000004"),
            target("openai:gpt-4o", 48, 428, "0.0012"),
            target("groq:llama-3.1-8b-instant", 53, 376, "0.00001"),
            target("openai:unpriced-model-x", 53, 403, null),
            target("echo:free", 47, 390, "0"));

    @Test
    void noLabelRunsOutOfItsChart() {
        for (List<TargetSection> targets : List.of(SIX, SIX.subList(0, 1), SIX.subList(4, 6))) {
            List<Charts.Chart> charts = new ArrayList<>(List.of(
                    Charts.boxes("Time to first token", "ms", targets, TargetSection::ttftMs),
                    Charts.boxes("Total time", "ms", targets, TargetSection::totalMs),
                    Charts.rates(targets), Charts.scatter(targets)));
            charts.add(Charts.bars("Generation speed", "tokens/s", targets, s -> s.stats().tokensPerSecond().p50().value(),
                    s -> s.stats().tokensPerSecond().p50(), Figures::number, false));
            charts.add(Charts.bars("Cost per 1,000 prompts", "US dollars", targets, s -> Figures.costPer1000(s.stats()),
                    s -> dev.parallax.bench.stats.Estimate.NONE, Figures::usd, true));
            for (Charts.Chart chart : charts) {
                for (Label l : draw(chart)) {
                    assertTrue(l.from() >= 0 && l.to() <= chart.width(), chart.title() + " (" + targets.size()
                            + " targets): '" + l.text() + "' spans " + l.from() + " to " + l.to() + " of " + chart.width());
                    assertTrue(l.baseline() > 0 && l.baseline() <= chart.height(), chart.title() + ": '" + l.text()
                            + "' at y " + l.baseline() + " of " + chart.height());
                }
            }
        }
    }

    @Test
    void aFullSuccessBarStillSaysHowFull() {
        List<String> texts = draw(Charts.rates(SIX)).stream().map(Label::text).toList();
        assertEquals(SIX.size(), texts.stream().filter(t -> t.equals("100% completed")).count(), texts.toString());
    }

    @Test
    void tickLabelsSayTheTickValue() {
        assertEquals("$0.25", Charts.tick(0.25, 0.25));
        assertEquals("$0.75", Charts.tick(0.75, 0.25), "not $0.8");
        assertEquals("$7.5", Charts.tick(7.5, 2.5), "not $8");
        assertEquals("$1,000", Charts.tick(1000, 200));
        assertEquals("$0.0005", Charts.tick(0.0005, 0.0005));
        assertEquals("50", Charts.numberTick(50, 50), "not 50.0 beside 100");
        assertEquals("5.0", Charts.numberTick(5, 2.5), "as many decimals as 2.5 and 7.5 on the same axis");
        assertEquals("1,250", Charts.numberTick(1250, 250));

        // Cost per 1,000 prompts up to $1.20: the axis reads $0.00, $0.25 ... $1.25.
        List<TargetSection> two = List.of(target("openai:gpt-4o", 48, 428, "0.0012"), target("echo:free", 47, 390, "0"));
        List<String> axis = draw(Charts.scatter(two)).stream().map(Label::text).filter(t -> t.startsWith("$")).toList();
        assertEquals(List.of("$0.00", "$0.25", "$0.50", "$0.75", "$1.00", "$1.25"), axis);
    }
}
