package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VocabularyCoverageTest {

    private static VocabularyCoverage.Tokens vocabulary(List<String> texts, Set<String> specials) {
        return new VocabularyCoverage.Tokens() {
            @Override
            public int size() {
                return texts.size();
            }

            @Override
            public String text(int id) {
                return texts.get(id);
            }

            @Override
            public boolean special(int id) {
                return specials.contains(texts.get(id));
            }
        };
    }

    /** TinyStories-656K's kind: control tokens, a few characters and pieces, no byte tokens. */
    private static final List<String> NO_BYTES = List.of("<unk>", "<|start_story|>", "<|end_story|>", "\u2581", "\n",
            "a", "c", "f", "e", "H", "l", "o", ".", ",", "<", ">", "|", "\u2581cafe", "ll");

    @Test
    void aVocabularyWithAllItsByteTokensWritesAnything() {
        List<String> texts = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            texts.add(String.format("<0x%02X>", b));
        }
        texts.add("\u2581");
        VocabularyCoverage coverage = VocabularyCoverage.ofSentencePiece(vocabulary(texts, Set.of("<unk>", "<s>", "</s>")));
        assertEquals(List.of(), coverage.unwritable("café 你好 😀 2+2"));
        assertEquals(List.of(), VocabularyCoverage.everything().unwritable("anything at all ☃"));
    }

    @Test
    void withoutByteTokensOnlyItsOwnCharactersAreWritableEachNamedOnce() {
        VocabularyCoverage coverage = VocabularyCoverage.ofSentencePiece(
                vocabulary(NO_BYTES, Set.of("<unk>", "<|start_story|>", "<|end_story|>")));
        assertEquals(List.of(), coverage.unwritable("Hello cafe.\nHello"), "a space is SentencePiece's \u2581");
        assertEquals(List.of("é"), coverage.unwritable("Hello café, café"), "each character once");
        assertEquals(List.of("+", "2", "你", "好", "😀"), coverage.unwritable("+2+你好😀!?#"), "the first five");
        assertEquals(List.of(), coverage.unwritable("<|end_story|>Hello<|start_story|>"),
                "special tokens are matched whole, whatever their characters");
        assertEquals(List.of("i", "m", "_", "s", "t"), coverage.unwritable("<|im_start|>"),
                "a marker this vocabulary lacks is plain text");
    }

    @Test
    void someByteTokensWriteTheCharactersMadeOfThemAlone() {
        List<String> texts = new ArrayList<>(NO_BYTES);
        texts.add("<0xC3>");
        texts.add("<0xA9>");
        VocabularyCoverage coverage = VocabularyCoverage.ofSentencePiece(vocabulary(texts, Set.of("<unk>")));
        assertEquals(List.of(), coverage.unwritable("café"), "é is C3 A9");
        assertEquals(List.of("ü"), coverage.unwritable("café füll"), "ü is C3 BC: BC has no token");
    }

    @Test
    void theRefusalNamesTheCharactersAndTheWayOut() {
        assertEquals("this model's vocabulary cannot write 'é' (no token for it and no byte fallback: llama.cpp cannot "
                + "read it); leave it out of the prompt, or use another model", VocabularyCoverage.refusal(List.of("é")));
        assertEquals("this model's vocabulary cannot write U+0009, '+' (no token for them and no byte fallback: llama.cpp "
                + "cannot read them); leave them out of the prompt, or use another model",
                VocabularyCoverage.refusal(List.of("\t", "+")));
    }
}
