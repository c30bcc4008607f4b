package dev.parallax.cost;

import dev.parallax.core.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenEstimatorTest {

    private static final String ENGLISH = "The quick brown fox jumps over the lazy dog. Parallax runs the same prompt on "
            + "local models and cloud APIs, and measures the time to the first token, the tokens per second, the "
            + "number of tokens and what each run cost. When a provider reports no usage, Parallax estimates it.";

    private final TokenEstimator estimator = new TokenEstimator();

    @Test
    void openAiFamilyModelsAreCountedWithO200k() {
        assertEquals(4, estimator.count("Hello, world!", TokenEstimator.Family.OPENAI));
        assertEquals(TokenEstimator.Family.OPENAI, TokenEstimator.familyOf("openai", "gpt-4o-mini"));
        assertEquals(TokenEstimator.Family.OPENAI, TokenEstimator.familyOf("openrouter", "openai/gpt-4o"));
        assertEquals(TokenEstimator.Family.OTHER, TokenEstimator.familyOf("anthropic", "claude-3-5-haiku-latest"));
    }

    @Test
    void theCharacterRuleStaysCloseToARealTokenizerOnEnglish() {
        int bpe = estimator.count(ENGLISH, TokenEstimator.Family.OPENAI);
        int rule = estimator.count(ENGLISH, TokenEstimator.Family.OTHER);
        double ratio = (double) rule / bpe;
        System.out.printf("English sample: o200k %d tokens, chars/4 rule %d tokens (ratio %.2f)%n", bpe, rule, ratio);
        assertTrue(ratio > 0.8 && ratio < 1.25, "ratio " + ratio);
        assertEquals(3, estimator.count("日本語", TokenEstimator.Family.OTHER), "one token per non-ASCII character");
    }

    @Test
    void promptsCountTheirFraming() {
        int framed = estimator.promptTokens(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello, world!")),
                TokenEstimator.Family.OPENAI);
        assertEquals(3 + (3 + 3) + (3 + 4), framed);
    }
}
