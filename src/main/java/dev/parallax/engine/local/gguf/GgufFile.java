package dev.parallax.engine.local.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A validated GGUF header. {@code metadata} keeps the file's order; its values are Long for every
 * integer type (BigInteger for a uint64 above Long.MAX_VALUE), Double for floats, Boolean, String,
 * and {@code List<Object>} for arrays. {@code dataOffset} is where the tensor data section begins.
 */
public record GgufFile(
        Path path,
        long fileSize,
        int version,
        Map<String, Object> metadata,
        List<GgufTensorInfo> tensors,
        long dataOffset,
        int alignment) {

    private static final int SUMMARY_ITEMS = 3;
    private static final int SUMMARY_ITEM_CHARS = 24;
    private static final int SUMMARY_STRING_CHARS = 120;

    public GgufFile {
        Objects.requireNonNull(path, "path");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        tensors = List.copyOf(Objects.requireNonNull(tensors, "tensors"));
    }

    public Optional<Object> value(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /** An integer value; empty when absent, not an integer, or a uint64 beyond Long.MAX_VALUE. */
    public OptionalLong integer(String key) {
        return metadata.get(key) instanceof Long number ? OptionalLong.of(number) : OptionalLong.empty();
    }

    /** {@code general.architecture}, e.g. "llama"; "unknown" when the file does not say. */
    public String architecture() {
        return string("general.architecture").orElse("unknown");
    }

    public Optional<String> name() {
        return string("general.name");
    }

    /** {@code general.size_label}, e.g. "135M". */
    public Optional<String> sizeLabel() {
        return string("general.size_label");
    }

    /** The number of weights: every tensor's element count, embeddings included. */
    public long parameterCount() {
        long total = 0;
        for (GgufTensorInfo tensor : tensors) {
            total += tensor.elementCount();
        }
        return total;
    }

    /** Bytes of tensor data, padding excluded. */
    public long tensorDataBytes() {
        long total = 0;
        for (GgufTensorInfo tensor : tensors) {
            total += tensor.byteSize();
        }
        return total;
    }

    /** {@code general.file_type}, llama.cpp's llama_ftype. */
    public OptionalInt fileType() {
        OptionalLong value = integer("general.file_type");
        return value.isPresent() && value.getAsLong() >= 0 && value.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) value.getAsLong())
                : OptionalInt.empty();
    }

    /**
     * The quantization as model files name it ("Q4_K_M", "Q8_0", "F16"). From general.file_type when
     * the file states a known one, else the type holding most of the weight-matrix bytes ("F32").
     */
    public String quantization() {
        OptionalInt fileType = fileType();
        if (fileType.isPresent()) {
            int id = fileType.getAsInt();
            boolean guessed = (id & LlamaFileType.GUESSED_FLAG) != 0;
            Optional<LlamaFileType> known = LlamaFileType.byId(id & ~LlamaFileType.GUESSED_FLAG);
            if (known.isPresent()) {
                return known.get().label() + (guessed ? " (guessed)" : "");
            }
        }
        return dominantTensorType().map(GgmlType::name).orElse("unknown");
    }

    /** The ggml type that holds the most bytes among matrices (tensors of two or more dimensions), else among all. */
    public Optional<GgmlType> dominantTensorType() {
        Map<GgmlType, Long> matrixBytes = new EnumMap<>(GgmlType.class);
        Map<GgmlType, Long> allBytes = new EnumMap<>(GgmlType.class);
        for (GgufTensorInfo tensor : tensors) {
            allBytes.merge(tensor.type(), tensor.byteSize(), Long::sum);
            if (tensor.dimensionCount() >= 2) {
                matrixBytes.merge(tensor.type(), tensor.byteSize(), Long::sum);
            }
        }
        Map<GgmlType, Long> counted = matrixBytes.isEmpty() ? allBytes : matrixBytes;
        return counted.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** {@code <arch>.context_length}: the context the model was trained for. */
    public OptionalLong contextLength() {
        return architectureInteger("context_length");
    }

    public OptionalLong embeddingLength() {
        return architectureInteger("embedding_length");
    }

    /** The number of layers. */
    public OptionalLong blockCount() {
        return architectureInteger("block_count");
    }

    public OptionalLong headCount() {
        return architectureInteger("attention.head_count");
    }

    /** Key/value heads; the same as {@link #headCount()} when the file does not say (no grouped-query attention). */
    public OptionalLong headCountKv() {
        OptionalLong kv = architectureInteger("attention.head_count_kv");
        return kv.isPresent() ? kv : headCount();
    }

    /** {@code <arch>.vocab_size}, else the length of tokenizer.ggml.tokens. */
    public OptionalLong vocabSize() {
        OptionalLong declared = architectureInteger("vocab_size");
        if (declared.isPresent()) {
            return declared;
        }
        return tokens().map(tokens -> OptionalLong.of(tokens.size())).orElse(OptionalLong.empty());
    }

    public Optional<String> chatTemplate() {
        return string("tokenizer.chat_template");
    }

    public SpecialTokens specialTokens() {
        OptionalInt bos = tokenId("tokenizer.ggml.bos_token_id");
        OptionalInt eos = tokenId("tokenizer.ggml.eos_token_id");
        OptionalInt pad = tokenId("tokenizer.ggml.padding_token_id");
        OptionalInt unk = tokenId("tokenizer.ggml.unknown_token_id");
        return new SpecialTokens(bos, eos, pad, unk, tokenText(bos), tokenText(eos), tokenText(pad), tokenText(unk));
    }

    /**
     * One metadata value as a line for display: strings cut after 120 characters with their length,
     * arrays as "[32000 × string] <s>, </s>, <0x00>, …".
     */
    public String describeValue(String key) {
        if (!metadata.containsKey(key)) {
            return "(not set)";
        }
        return describe(metadata.get(key), SUMMARY_STRING_CHARS);
    }

    private static String describe(Object value, int maxChars) {
        if (value instanceof String text) {
            String visible = GgufValues.escapeControls(text.length() <= maxChars ? text : text.substring(0, maxChars));
            return text.length() <= maxChars ? visible : visible + "… (" + text.length() + " characters)";
        }
        if (value instanceof List<?> list) {
            StringBuilder line = new StringBuilder("[").append(list.size()).append(" × ")
                    .append(elementLabel(list)).append(']');
            int shown = Math.min(SUMMARY_ITEMS, list.size());
            for (int i = 0; i < shown; i++) {
                line.append(i == 0 ? " " : ", ").append(describeItem(list.get(i)));
            }
            if (list.size() > shown) {
                line.append(", …");
            }
            return line.toString();
        }
        return String.valueOf(value);
    }

    private static String describeItem(Object item) {
        if (item instanceof List<?> nested) {
            return "[" + nested.size() + " × " + elementLabel(nested) + "]";
        }
        return describe(item, SUMMARY_ITEM_CHARS);
    }

    private static String elementLabel(List<?> list) {
        if (list instanceof GgufArray array) {
            return array.elementType().label();
        }
        if (list.isEmpty()) {
            return "?";
        }
        Object first = list.get(0);
        return first instanceof String ? "string" : first instanceof List ? "array" : first.getClass().getSimpleName();
    }

    private OptionalLong architectureInteger(String suffix) {
        Object value = metadata.get(architecture() + "." + suffix);
        if (value instanceof Long number) {
            return OptionalLong.of(number);
        }
        // Some architectures store per-layer values (head counts that vary by layer): report the largest.
        if (value instanceof List<?> list && !list.isEmpty()) {
            long max = Long.MIN_VALUE;
            for (Object item : list) {
                if (!(item instanceof Long number)) {
                    return OptionalLong.empty();
                }
                max = Math.max(max, number);
            }
            return OptionalLong.of(max);
        }
        return OptionalLong.empty();
    }

    private Optional<List<?>> tokens() {
        return metadata.get("tokenizer.ggml.tokens") instanceof List<?> list ? Optional.of(list) : Optional.empty();
    }

    private OptionalInt tokenId(String key) {
        OptionalLong id = integer(key);
        return id.isPresent() && id.getAsLong() >= 0 && id.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) id.getAsLong())
                : OptionalInt.empty();
    }

    private Optional<String> tokenText(OptionalInt id) {
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return tokens()
                .filter(tokens -> id.getAsInt() < tokens.size())
                .map(tokens -> tokens.get(id.getAsInt()))
                .filter(String.class::isInstance)
                .map(String.class::cast);
    }
}
