package dev.parallax.engine.local.gguf;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The special token ids a GGUF tokenizer declares, with their texts when the vocabulary is in the file. */
public record SpecialTokens(
        OptionalInt bos,
        OptionalInt eos,
        OptionalInt pad,
        OptionalInt unk,
        Optional<String> bosText,
        Optional<String> eosText,
        Optional<String> padText,
        Optional<String> unkText) {

    public SpecialTokens {
        Objects.requireNonNull(bos, "bos");
        Objects.requireNonNull(eos, "eos");
        Objects.requireNonNull(pad, "pad");
        Objects.requireNonNull(unk, "unk");
        Objects.requireNonNull(bosText, "bosText");
        Objects.requireNonNull(eosText, "eosText");
        Objects.requireNonNull(padText, "padText");
        Objects.requireNonNull(unkText, "unkText");
    }
}
