package dev.parallax.bench.quality;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksTest {

    private final QualityScorer scorer = new QualityScorer(Optional.of((a, b) -> a.equals(b) ? 1.0 : 0.5));

    private static Answer answer(String text, String expected) {
        return new Answer(text, Optional.ofNullable(expected), OptionalDouble.of(1200), Optional.of(new BigDecimal("0.002")));
    }

    private Optional<Boolean> check(String spec, String text, String expected) {
        return scorer.score(Check.parse(spec), answer(text, expected)).passed();
    }

    @Test
    void textChecksCompareWithTheExpectedAnswerOrTheirOwnValue() {
        assertEquals(Optional.of(true), check("equals", " Paris\n", "Paris"));
        assertEquals(Optional.of(false), check("equals", "paris", "Paris"));
        assertEquals(Optional.of(true), check("iequals", "paris", "Paris"));
        assertEquals(Optional.of(true), check("contains:Par", "In Paris.", null));
        assertEquals(Optional.of(false), check("contains", "In paris.", "Paris"));
        assertEquals(Optional.of(true), check("icontains", "In paris.", "Paris"));
        assertEquals(Optional.empty(), check("contains", "x", null), "no expected answer: the check does not apply");
        assertEquals(Optional.of(true), check("regex:^\\d{4}-\\d{2}$", "2026-11", null));
        assertEquals(Optional.of(false), check("regex:^\\d+$", "12a", null));
    }

    @Test
    void jsonAndSchemaChecks() {
        assertEquals(Optional.of(true), check("json", "```json\n{\"a\": [1, 2]}\n```", null));
        assertEquals(Optional.of(false), check("json", "{\"a\": 1} and more", null));
        assertEquals(Optional.of(false), check("json", "", null));
        String schema = "json-schema:{\"type\":\"object\",\"required\":[\"name\",\"age\"],\"additionalProperties\":false,"
                + "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1},\"age\":{\"type\":\"integer\",\"minimum\":0,"
                + "\"maximum\":150},\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"b\"]},\"maxItems\":2}}}";
        assertEquals(Optional.of(true), check(schema, "{\"name\":\"Ada\",\"age\":36,\"tags\":[\"a\"]}", null));
        CheckResult bad = scorer.score(Check.parse(schema), answer("{\"name\":\"\",\"age\":200,\"tags\":[\"c\"],\"x\":1}", null));
        assertEquals(Optional.of(false), bad.passed());
        assertTrue(bad.detail().contains("/name has 0 characters, fewer than 1"), bad.detail());
        assertTrue(bad.detail().contains("/age should be at most 150"), bad.detail());
        CheckResult missing = scorer.score(Check.parse(schema), answer("{\"name\":\"Ada\"}", null));
        assertEquals("the answer lacks the required property 'age'", missing.detail());
        assertEquals(Optional.of(false), check("json-schema:{\"type\":\"array\"}", "{}", null));
    }

    @Test
    void latencyCostAndSimilarityChecks() {
        assertEquals(Optional.of(true), check("max-latency-ms:1500", "x", null));
        assertEquals(Optional.of(false), check("max-latency-ms:1000", "x", null));
        assertEquals(Optional.of(true), check("max-cost-usd:0.002", "x", null));
        assertEquals(Optional.of(false), check("max-cost-usd:0.001", "x", null));
        assertEquals(Optional.empty(), scorer.score(Check.parse("max-cost-usd:1"),
                new Answer("x", Optional.empty(), OptionalDouble.empty(), Optional.empty())).passed(), "unknown cost");
        CheckResult similar = scorer.score(Check.parse("similar:0.4"), answer("a", "b"));
        assertEquals(Optional.of(true), similar.passed());
        assertEquals(0.5, similar.score().getAsDouble());
        assertEquals(Optional.of(false), check("similar", "a", "b"), "default threshold 0.8");
        assertEquals(Optional.empty(), new QualityScorer(Optional.empty()).score(Check.parse("similar"), answer("a", "b")).passed());
    }

    @Test
    void cellsHoldSeveralChecksAndMistakesAreExplained() {
        List<Check> checks = Check.parseAll("contains:a;; b; regex:x\nmax-latency-ms:5");
        assertEquals(3, checks.size());
        assertEquals(new Check.Contains(Optional.of("a; b"), false, "contains:a; b"), checks.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Check.parse("startswith:x"));
        assertTrue(e.getMessage().startsWith("unknown check 'startswith' (checks: equals"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Check.parse("regex:(")).getMessage()
                .startsWith("check 'regex:(': not a valid regular expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Check.parse("regex")).getMessage()
                .startsWith("this check needs a pattern after the colon"));
    }

    @Test
    void limitsNoAnswerCouldMeetAreRefused() {
        assertEquals("check 'similar:5': the threshold must be a similarity from 0 to 1, e.g. similar:0.8",
                assertThrows(IllegalArgumentException.class, () -> Check.parse("similar:5")).getMessage());
        assertEquals("check 'max-latency-ms:-1': the limit must be more than 0 ms",
                assertThrows(IllegalArgumentException.class, () -> Check.parse("max-latency-ms:-1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Check.parse("max-latency-ms:NaN"));
        assertThrows(IllegalArgumentException.class, () -> Check.parse("similar:NaN"));
        assertThrows(IllegalArgumentException.class, () -> Check.parse("max-cost-usd:-0.01"));
        assertEquals(new Check.Similar(0, "similar:0"), Check.parse("similar:0"));
        assertEquals(new Check.MaxCost(java.math.BigDecimal.ZERO, "max-cost-usd:0"), Check.parse("max-cost-usd:0"));
    }
}
