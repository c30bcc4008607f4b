package dev.parallax.models;

import dev.parallax.engine.local.gguf.GgufFile;

import java.util.OptionalLong;

/**
 * The numbers that decide a model's memory needs: its weights and the shape of its attention.
 * Zero where the model does not say; the fit check then leaves that part out and says so.
 *
 * @param weightBytes all the model's files together (the weights are mapped whole)
 * @param keyLength   per-head key size; embedding / heads when the file does not say
 * @param valueLength per-head value size; the key size when the file does not say
 */
public record ModelShape(long weightBytes, long layers, long heads, long kvHeads, long keyLength, long valueLength,
                         long embeddingLength, long vocabSize, long trainedContext) {

    /** From a header (of the first part, for a split model) and the size of all parts together. */
    public static ModelShape of(GgufFile header, long weightBytes) {
        long heads = header.headCount().orElse(0);
        long embedding = header.embeddingLength().orElse(0);
        String arch = header.architecture();
        long keyLength = or(header.integer(arch + ".attention.key_length"), heads > 0 ? embedding / heads : 0);
        long valueLength = or(header.integer(arch + ".attention.value_length"), keyLength);
        return new ModelShape(weightBytes, header.blockCount().orElse(0), heads, header.headCountKv().orElse(0),
                keyLength, valueLength, embedding, header.vocabSize().orElse(0), header.contextLength().orElse(0));
    }

    /** From the facts the model store keeps (no key/value lengths: embedding / heads is assumed). */
    public static ModelShape of(ModelFacts facts, long weightBytes) {
        long head = facts.heads() > 0 ? facts.embeddingLength() / facts.heads() : 0;
        return new ModelShape(weightBytes, facts.layers(), facts.heads(), facts.kvHeads(), head, head,
                facts.embeddingLength(), facts.vocabSize(), facts.contextLength());
    }

    private static long or(OptionalLong value, long otherwise) {
        return value.isPresent() && value.getAsLong() > 0 ? value.getAsLong() : otherwise;
    }
}
