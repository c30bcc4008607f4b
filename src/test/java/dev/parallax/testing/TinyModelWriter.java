package dev.parallax.testing;

import dev.parallax.engine.local.gguf.GgufValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes GGUF v3 files for tests: any metadata, any tensors, and on request header fields that are
 * wrong on purpose. {@link #tinyLlama(boolean)} builds a complete llama model that llama.cpp loads
 * and generates from, so tests can run real inference without downloading anything.
 */
public final class TinyModelWriter {

    /** An array value: its element type and items (Numbers, Booleans, Strings, or nested Arrays). */
    public record Array(GgufValueType elementType, List<?> items) {
        public Array {
            Objects.requireNonNull(elementType, "elementType");
            items = List.copyOf(items);
        }
    }

    private record Entry(String key, GgufValueType type, Object value) {
    }

    private record Tensor(String name, long[] dims, int typeId, byte[] data, long declaredOffset) {
    }

    private static final long AUTOMATIC = -1;

    private final List<Entry> entries = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private int version = 3;
    private int alignment = 32;

    public TinyModelWriter version(int version) {
        this.version = version;
        return this;
    }

    /** Sets general.alignment (written as a uint32) and pads the file to it. */
    public TinyModelWriter alignment(int alignment) {
        this.alignment = alignment;
        return put("general.alignment", GgufValueType.UINT32, alignment);
    }

    public TinyModelWriter put(String key, GgufValueType type, Object value) {
        entries.add(new Entry(key, type, value));
        return this;
    }

    public TinyModelWriter string(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public TinyModelWriter u32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public TinyModelWriter f32(String key, double value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public TinyModelWriter bool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public TinyModelWriter array(String key, GgufValueType elementType, List<?> items) {
        return put(key, GgufValueType.ARRAY, new Array(elementType, items));
    }

    public TinyModelWriter tensorF32(String name, float[] values, long... dims) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putFloat(value);
        }
        return tensor(name, 0, data.array(), dims);
    }

    /** A tensor of any ggml type id with the given raw data, placed after the previous one. */
    public TinyModelWriter tensor(String name, int typeId, byte[] data, long... dims) {
        tensors.add(new Tensor(name, dims.clone(), typeId, data.clone(), AUTOMATIC));
        return this;
    }

    /** Like {@link #tensor}, but the header claims {@code declaredOffset} whatever the data's real place. */
    public TinyModelWriter tensorClaimingOffset(String name, int typeId, byte[] data, long declaredOffset, long... dims) {
        tensors.add(new Tensor(name, dims.clone(), typeId, data.clone(), declaredOffset));
        return this;
    }

    public byte[] toBytes() {
        Out out = new Out();
        out.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.u32(version);
        out.u64(tensors.size());
        out.u64(entries.size());
        for (Entry entry : entries) {
            out.string(entry.key());
            out.u32(entry.type().id());
            out.value(entry.type(), entry.value());
        }
        long[] offsets = new long[tensors.size()];
        long next = 0;
        for (int i = 0; i < tensors.size(); i++) {
            offsets[i] = next;
            next = pad(next + tensors.get(i).data().length);
        }
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            out.string(tensor.name());
            out.u32(tensor.dims().length);
            for (long dim : tensor.dims()) {
                out.u64(dim);
            }
            out.u32(tensor.typeId());
            out.u64(tensor.declaredOffset() == AUTOMATIC ? offsets[i] : tensor.declaredOffset());
        }
        out.zeros(pad(out.size()) - out.size());
        long dataStart = out.size();
        for (int i = 0; i < tensors.size(); i++) {
            out.zeros(dataStart + offsets[i] - out.size());
            out.raw(tensors.get(i).data());
        }
        if (!tensors.isEmpty()) {
            out.zeros(pad(out.size()) - out.size());
        }
        return out.toByteArray();
    }

    public Path writeTo(Path file) {
        try {
            return Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long pad(long position) {
        return (position + alignment - 1) / alignment * alignment;
    }

    /** Little-endian GGUF encoding. */
    private static final class Out extends ByteArrayOutputStream {

        void raw(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        void zeros(long count) {
            for (long i = 0; i < count; i++) {
                write(0);
            }
        }

        void u8(long value) {
            write((int) value);
        }

        void u16(long value) {
            raw(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
        }

        void u32(long value) {
            raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        }

        void u64(long value) {
            raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }

        void string(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            raw(bytes);
        }

        void value(GgufValueType type, Object value) {
            switch (type) {
                case UINT8, INT8 -> u8(((Number) value).longValue());
                case UINT16, INT16 -> u16(((Number) value).longValue());
                case UINT32, INT32 -> u32(((Number) value).longValue());
                case UINT64, INT64 -> u64(((Number) value).longValue());
                case FLOAT32 -> u32(Float.floatToIntBits(((Number) value).floatValue()));
                case FLOAT64 -> u64(Double.doubleToLongBits(((Number) value).doubleValue()));
                case BOOL -> u8((Boolean) value ? 1 : 0);
                case STRING -> string((String) value);
                case ARRAY -> {
                    Array array = (Array) value;
                    u32(array.elementType().id());
                    u64(array.items().size());
                    for (Object item : array.items()) {
                        value(array.elementType(), item);
                    }
                }
            }
        }
    }

    public static final int EMBEDDING = 32;
    public static final int LAYERS = 2;
    public static final int HEADS = 4;
    public static final int KV_HEADS = 2;
    public static final int FEED_FORWARD = 64;
    public static final int CONTEXT = 256;
    public static final String NAME = "parallax-tiny-llama";
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final int TOKEN_NORMAL = 1;
    private static final int TOKEN_UNKNOWN = 2;
    private static final int TOKEN_CONTROL = 3;
    private static final int TOKEN_BYTE = 6;
    private static final String SPACE = "\u2581";
    private static final String[] WORD_PIECES = {
        SPACE, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "w", "x", "y", "z", "H", "O", ".", ",", "!",
        "he", "ll", "lo", "llo", "el", "or", "ld", "on", "ce", "up", "im", "me", "re", "in",
        SPACE + "the", SPACE + "a", SPACE + "H", SPACE + "He", SPACE + "Hello", SPACE + "w", SPACE + "world",
        SPACE + "O", SPACE + "Once", SPACE + "upon", SPACE + "time", SPACE + "there", SPACE + "was",
    };

    /** The tiny model's vocabulary: unk, bos, eos, ChatML markers, 256 byte tokens, then word pieces. */
    public static List<String> tinyLlamaTokens() {
        return tinyLlamaTokens(true);
    }

    /** The vocabulary, with or without its 256 byte tokens (without, it cannot write 'é', as TinyStories-656K). */
    public static List<String> tinyLlamaTokens(boolean byteFallback) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"));
        for (int b = 0; byteFallback && b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        tokens.addAll(List.of(WORD_PIECES));
        return tokens;
    }

    /** Element count of every tensor in {@link #tinyLlama}: the figure GgufFile.parameterCount must give. */
    public static long tinyLlamaParameterCount() {
        long vocab = tinyLlamaTokens().size();
        long kv = (long) EMBEDDING / HEADS * KV_HEADS;
        long perLayer = 2L * EMBEDDING + 2L * EMBEDDING * EMBEDDING + 2L * EMBEDDING * kv
                + 3L * EMBEDDING * FEED_FORWARD;
        return 2 * vocab * EMBEDDING + EMBEDDING + LAYERS * perLayer;
    }

    /**
     * A llama-architecture model: F32, random but fixed weights, SPM tokenizer. Embeddings carry a
     * constant first component that the output matrix turns into a lead for word pieces, so greedy
     * decoding yields printable text instead of control or byte tokens.
     */
    public static TinyModelWriter tinyLlama(boolean withChatTemplate) {
        return tinyLlama(withChatTemplate, true);
    }

    /** As {@link #tinyLlama(boolean)}, without the byte tokens when {@code byteFallback} is false. */
    public static TinyModelWriter tinyLlama(boolean withChatTemplate, boolean byteFallback) {
        List<String> tokens = tinyLlamaTokens(byteFallback);
        int vocab = tokens.size();
        int wordStart = vocab - WORD_PIECES.length;
        List<Float> scores = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int id = 0; id < vocab; id++) {
            String token = tokens.get(id);
            boolean word = id >= wordStart;
            scores.add(word ? (float) token.length() - id * 0.001f : 0f);
            types.add(id == 0 ? TOKEN_UNKNOWN : id < 5 ? TOKEN_CONTROL : word ? TOKEN_NORMAL : TOKEN_BYTE);
        }

        int headDim = EMBEDDING / HEADS;
        int kvWidth = headDim * KV_HEADS;
        TinyModelWriter writer = new TinyModelWriter()
                .string("general.architecture", "llama")
                .string("general.name", NAME)
                .u32("general.file_type", 0)
                .u32("llama.context_length", CONTEXT)
                .u32("llama.embedding_length", EMBEDDING)
                .u32("llama.block_count", LAYERS)
                .u32("llama.feed_forward_length", FEED_FORWARD)
                .u32("llama.attention.head_count", HEADS)
                .u32("llama.attention.head_count_kv", KV_HEADS)
                .u32("llama.rope.dimension_count", headDim)
                .f32("llama.rope.freq_base", 10000.0)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5)
                .u32("llama.vocab_size", vocab)
                .string("tokenizer.ggml.model", "llama")
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, tokens)
                .array("tokenizer.ggml.scores", GgufValueType.FLOAT32, scores)
                .array("tokenizer.ggml.token_type", GgufValueType.INT32, types)
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2)
                .u32("tokenizer.ggml.unknown_token_id", 0)
                .bool("tokenizer.ggml.add_bos_token", true)
                .bool("tokenizer.ggml.add_eos_token", false);
        if (withChatTemplate) {
            writer.string("tokenizer.chat_template", CHATML_TEMPLATE);
        }

        SplittableRandom random = new SplittableRandom(20_260_127L);
        float[] embeddings = random(random, EMBEDDING * vocab, 0.1f);
        float[] output = random(random, EMBEDDING * vocab, 0.1f);
        for (int id = 0; id < vocab; id++) {
            embeddings[id * EMBEDDING] = 1f;
            output[id * EMBEDDING] = id >= wordStart ? 1f : -1f;
        }
        writer.tensorF32("token_embd.weight", embeddings, EMBEDDING, vocab);
        writer.tensorF32("output_norm.weight", ones(EMBEDDING), EMBEDDING);
        writer.tensorF32("output.weight", output, EMBEDDING, vocab);
        for (int layer = 0; layer < LAYERS; layer++) {
            String block = "blk." + layer + ".";
            writer.tensorF32(block + "attn_norm.weight", ones(EMBEDDING), EMBEDDING);
            writer.tensorF32(block + "attn_q.weight", random(random, EMBEDDING * EMBEDDING, 0.05f), EMBEDDING, EMBEDDING);
            writer.tensorF32(block + "attn_k.weight", random(random, EMBEDDING * kvWidth, 0.05f), EMBEDDING, kvWidth);
            writer.tensorF32(block + "attn_v.weight", random(random, EMBEDDING * kvWidth, 0.05f), EMBEDDING, kvWidth);
            writer.tensorF32(block + "attn_output.weight", random(random, EMBEDDING * EMBEDDING, 0.05f), EMBEDDING, EMBEDDING);
            writer.tensorF32(block + "ffn_norm.weight", ones(EMBEDDING), EMBEDDING);
            writer.tensorF32(block + "ffn_gate.weight", random(random, EMBEDDING * FEED_FORWARD, 0.05f), EMBEDDING, FEED_FORWARD);
            writer.tensorF32(block + "ffn_up.weight", random(random, EMBEDDING * FEED_FORWARD, 0.05f), EMBEDDING, FEED_FORWARD);
            writer.tensorF32(block + "ffn_down.weight", random(random, FEED_FORWARD * EMBEDDING, 0.05f), FEED_FORWARD, EMBEDDING);
        }
        return writer;
    }

    private static float[] random(SplittableRandom random, int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble(-1, 1) * scale);
        }
        return values;
    }

    private static float[] ones(int count) {
        float[] values = new float[count];
        Arrays.fill(values, 1f);
        return values;
    }
}
