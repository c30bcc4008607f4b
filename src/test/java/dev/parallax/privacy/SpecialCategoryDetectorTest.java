package dev.parallax.privacy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cue filter in front of the sentence model. */
class SpecialCategoryDetectorTest {

    @Test
    void alternativesSplitOnlyAtTheTopLevel() {
        assertEquals(List.of("a", "b(c|d)", "[|x]y", "\\|z", "heart (attack|surgery)"),
                SpecialCategoryDetector.alternatives("a|b(c|d)|[|x]y|\\|z|heart (attack|surgery)"));
    }

    /**
     * The cue pattern, grouped by first letter for speed, lets through exactly the sentences that the plain
     * alternation of the cue file, case-insensitive in Unicode, lets through: every corpus sentence and every word.
     */
    @Test
    void theGroupedCuePatternMatchesWhatThePlainAlternationMatches() throws IOException {
        List<String> cueLines = new ArrayList<>();
        try (InputStream in = SpecialCategoryDetector.class.getResourceAsStream(SpecialCategoryDetector.CUES)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    cueLines.add(line.substring(line.indexOf('\t') + 1).trim());
                }
            }
        }
        Pattern plain = Pattern.compile("\\b(?:" + String.join("|", cueLines) + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        Pattern grouped = SpecialCategoryDetector.cuePattern(cueLines);
        List<String> texts = new ArrayList<>(List.of("MÉTIS", "Métis heritage", "ER doctor", "Heart Attack", "BI",
                "bisexual", "hiv-positive", "Ver.di", "no cue here at all"));
        for (String t : PrivacyCorpus.load().allTexts()) {
            for (Sentences.Span s : Sentences.split(t)) {
                texts.add(s.of(t));
                texts.addAll(List.of(s.of(t).split("\\s+")));
            }
        }
        int matched = 0;
        for (String text : texts) {
            boolean expected = plain.matcher(text).find();
            assertEquals(expected, grouped.matcher(text.toLowerCase(java.util.Locale.ROOT)).find(), text);
            matched += expected ? 1 : 0;
        }
        assertTrue(matched > 100 && matched < texts.size() - 100, matched + " of " + texts.size());
    }
}
