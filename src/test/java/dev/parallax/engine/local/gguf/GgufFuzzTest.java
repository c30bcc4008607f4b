package dev.parallax.engine.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parallax.testing.TestModels;
import dev.parallax.testing.TinyModelWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates real model files (bit flips, truncation, counts and lengths set to huge values, type ids
 * swapped, bytes inserted and deleted) and reads each mutant: every case must end in a valid read or a
 * GgufException, quickly, never another exception or an OutOfMemoryError. Seeds are fixed, so a
 * failing case is reproduced by its number.
 */
class GgufFuzzTest {

    private static final int CASES = 5_000;
    private static final long SEED = 0x4747_5546L;
    private static final Duration WHOLE_RUN_LIMIT = Duration.ofSeconds(60);
    private static final long CASE_LIMIT_NANOS = Duration.ofSeconds(2).toNanos();
    /** One case in this many goes through a real file and FileChannel instead of memory. */
    private static final int FILE_CASE_EVERY = 25;

    private enum Kind { VERSION, COUNT, LENGTH, VALUE_TYPE, DIM_COUNT, DIM, TENSOR_TYPE, OFFSET, NUMBER }

    private record Field(int offset, int width, Kind kind) {
    }

    private record Source(String name, byte[] bytes, int headerEnd, Map<Kind, List<Field>> fields) {
    }

    private record Mutant(byte[] bytes, int length, String description) {
    }

    @TempDir
    Path directory;

    @Test
    void everyMutantEndsInAValidReadOrAGgufException() throws Exception {
        List<Source> sources = sources();
        int[] outcomes = new int[2];
        long[] slowest = new long[1];
        long started = System.nanoTime();
        assertTimeoutPreemptively(WHOLE_RUN_LIMIT, () -> {
            for (int index = 0; index < CASES; index++) {
                Source source = sources.get(index % sources.size());
                Mutant mutant = mutate(source, new SplittableRandom(SEED + index));
                String label = "case " + index + " on " + source.name() + " (" + mutant.description() + ")";
                long caseStart = System.nanoTime();
                try {
                    GgufFile gguf = index % FILE_CASE_EVERY == 0 ? readThroughFile(mutant) : readInMemory(mutant);
                    checkValidRead(gguf, mutant.length(), label);
                    outcomes[0]++;
                } catch (GgufException e) {
                    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), label + ": empty message");
                    if (e.getCause() instanceof RuntimeException missed) {
                        fail(label + " got past the validator and failed with " + missed, missed);
                    }
                    outcomes[1]++;
                } catch (Throwable unexpected) {
                    fail(label + " threw " + unexpected, unexpected);
                }
                long elapsed = System.nanoTime() - caseStart;
                slowest[0] = Math.max(slowest[0], elapsed);
                assertTrue(elapsed < CASE_LIMIT_NANOS, label + " took " + elapsed / 1_000_000 + " ms");
            }
        });
        System.out.printf("GGUF fuzz: %d cases over %s: %d valid reads, %d GgufExceptions, %d ms in all,"
                        + " slowest case %d ms%n", CASES, sources.stream().map(Source::name).toList(), outcomes[0],
                outcomes[1], (System.nanoTime() - started) / 1_000_000, slowest[0] / 1_000_000);
        assertTrue(outcomes[1] > CASES / 4, "too few mutants were rejected; are the mutations reaching the header?");
    }

    private GgufFile readInMemory(Mutant mutant) throws GgufException {
        return GgufReader.read(new InMemoryChannel(mutant.bytes(), mutant.length()), Path.of("mutant.gguf"));
    }

    private GgufFile readThroughFile(Mutant mutant) throws IOException, GgufException {
        Path file = directory.resolve("mutant.gguf");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(mutant.bytes(), 0, mutant.length());
        }
        return GgufReader.read(file);
    }

    /** A read that succeeds must describe a file that holds together, and every accessor must cope with it. */
    private static void checkValidRead(GgufFile gguf, long length, String label) {
        assertEquals(length, gguf.fileSize(), label);
        assertTrue(Integer.bitCount(gguf.alignment()) == 1, label);
        assertEquals(0, gguf.dataOffset() % gguf.alignment(), label);
        for (GgufTensorInfo tensor : gguf.tensors()) {
            assertTrue(tensor.offset() + tensor.byteSize() <= length - gguf.dataOffset(), label + ": " + tensor);
        }
        for (String key : gguf.metadata().keySet()) {
            assertFalse(key.isEmpty(), label);
            gguf.describeValue(key);
        }
        gguf.architecture();
        gguf.quantization();
        gguf.parameterCount();
        gguf.tensorDataBytes();
        gguf.contextLength();
        gguf.headCountKv();
        gguf.vocabSize();
        gguf.specialTokens();
        gguf.chatTemplate();
    }

    private Mutant mutate(Source source, SplittableRandom random) {
        byte[] bytes = source.bytes().clone();
        int length = bytes.length;
        int strategy = random.nextInt(8);
        StringBuilder description = new StringBuilder();
        switch (strategy) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                description.append(flips).append(" bit flips at");
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(source.headerEnd());
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    description.append(' ').append(at);
                }
            }
            case 1 -> {
                length = random.nextBoolean() ? random.nextInt(source.headerEnd() + 1) : random.nextInt(bytes.length);
                description.append("truncated to ").append(length);
            }
            case 2 -> setField(source, bytes, random, extreme(random, bytes.length), description);
            case 3 -> {
                Field field = pickField(source, random);
                long original = read(bytes, field);
                long value = original + random.nextInt(-3, 4) * (random.nextBoolean() ? 1 : field.width() * 8L);
                write(bytes, field, value);
                description.append(field.kind()).append(" at ").append(field.offset()).append(": ")
                        .append(original).append(" -> ").append(value);
            }
            case 4 -> {
                int at = random.nextInt(source.headerEnd());
                int run = Math.min(1 + random.nextInt(16), bytes.length - at);
                for (int i = 0; i < run; i++) {
                    bytes[at + i] = (byte) random.nextInt(256);
                }
                description.append(run).append(" random bytes at ").append(at);
            }
            case 5 -> {
                Kind kind = random.nextBoolean() ? Kind.VALUE_TYPE : Kind.TENSOR_TYPE;
                List<Field> candidates = source.fields().getOrDefault(kind, source.fields().get(Kind.VALUE_TYPE));
                Field field = candidates.get(random.nextInt(candidates.size()));
                long value = random.nextInt(4) == 0 ? GgufValueType.ARRAY.id() : random.nextInt(48);
                write(bytes, field, value);
                description.append(kind).append(" at ").append(field.offset()).append(" -> ").append(value);
            }
            case 6 -> {
                setField(source, bytes, random, extreme(random, bytes.length), description);
                description.append(", ");
                setField(source, bytes, random, random.nextLong(), description);
                length = source.headerEnd() + random.nextInt(bytes.length - source.headerEnd() + 1);
                description.append(", truncated to ").append(length);
            }
            default -> {
                int at = random.nextInt(source.headerEnd());
                int shift = 1 + random.nextInt(12);
                if (random.nextBoolean()) {
                    System.arraycopy(bytes, at + shift, bytes, at, bytes.length - at - shift);
                    length = bytes.length - shift;
                    description.append("deleted ").append(shift).append(" bytes at ").append(at);
                } else {
                    byte[] grown = new byte[bytes.length + shift];
                    System.arraycopy(bytes, 0, grown, 0, at);
                    for (int i = 0; i < shift; i++) {
                        grown[at + i] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(bytes, at, grown, at + shift, bytes.length - at);
                    bytes = grown;
                    length = grown.length;
                    description.append("inserted ").append(shift).append(" bytes at ").append(at);
                }
            }
        }
        return new Mutant(bytes, length, description.toString());
    }

    private static long extreme(SplittableRandom random, long fileSize) {
        long[] values = {0, 1, -1L, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0x1_0000_0000L, Long.MAX_VALUE,
            Long.MIN_VALUE, 1L << 62, fileSize, fileSize + 1, fileSize - 1, fileSize / 2, 0xFFFF, 0x10000};
        return values[random.nextInt(values.length)];
    }

    private static void setField(Source source, byte[] bytes, SplittableRandom random, long value,
            StringBuilder description) {
        Field field = pickField(source, random);
        write(bytes, field, value);
        description.append(field.kind()).append(" at ").append(field.offset()).append(" -> ")
                .append(Long.toUnsignedString(value));
    }

    /** A kind first, then a field of it, so 32,000 token lengths do not drown the 2 header counts. */
    private static Field pickField(Source source, SplittableRandom random) {
        List<Kind> kinds = new ArrayList<>(source.fields().keySet());
        List<Field> fields = source.fields().get(kinds.get(random.nextInt(kinds.size())));
        return fields.get(random.nextInt(fields.size()));
    }

    private static long read(byte[] bytes, Field field) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return switch (field.width()) {
            case 1 -> buffer.get(field.offset()) & 0xFF;
            case 2 -> buffer.getShort(field.offset()) & 0xFFFF;
            case 4 -> buffer.getInt(field.offset()) & 0xFFFF_FFFFL;
            default -> buffer.getLong(field.offset());
        };
    }

    private static void write(byte[] bytes, Field field, long value) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (field.width()) {
            case 1 -> buffer.put(field.offset(), (byte) value);
            case 2 -> buffer.putShort(field.offset(), (short) value);
            case 4 -> buffer.putInt(field.offset(), (int) value);
            default -> buffer.putLong(field.offset(), value);
        }
    }

    private static List<Source> sources() throws IOException, GgufException {
        List<Source> sources = new ArrayList<>();
        for (String name : List.of(TestModels.STORIES_260K, TestModels.TINYSTORIES_656K_Q8_0,
                TestModels.LLAMA_2_TINY_RANDOM)) {
            Optional<Path> file = TestModels.shared(name);
            if (file.isPresent()) {
                sources.add(source(name, Files.readAllBytes(file.get())));
            }
        }
        sources.add(source("generated tiny llama", Files.readAllBytes(TestModels.generatedTinyModel(true))));
        sources.add(source("generated every-type file", new TinyModelWriter()
                .alignment(64)
                .put("u8", GgufValueType.UINT8, 7)
                .put("i16", GgufValueType.INT16, -7)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("f64", GgufValueType.FLOAT64, 0.5)
                .bool("flag", true)
                .array("nested", GgufValueType.ARRAY, List.of(
                        new TinyModelWriter.Array(GgufValueType.STRING, List.of("a", "bc")),
                        new TinyModelWriter.Array(GgufValueType.ARRAY, List.of(
                                new TinyModelWriter.Array(GgufValueType.INT64, List.of(1L, 2L))))))
                .tensor("q8", GgmlType.Q8_0.id(), new byte[34 * 4], 64, 2)
                .tensor("q4k", GgmlType.Q4_K.id(), new byte[144], 256)
                .tensor("f16", GgmlType.F16.id(), new byte[2 * 24], 4, 3, 2)
                .toBytes()));
        return sources;
    }

    private static Source source(String name, byte[] bytes) throws GgufException {
        GgufFile valid = GgufReader.read(new InMemoryChannel(bytes, bytes.length), Path.of(name));
        return new Source(name, bytes, (int) valid.dataOffset(), new Layout(bytes).fields());
    }

    /** Where each structural field of a valid file sits, found by walking it. */
    private static final class Layout {
        private final ByteBuffer in;
        private final Map<Kind, List<Field>> fields = new EnumMap<>(Kind.class);

        Layout(byte[] bytes) {
            in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            in.position(4);
            field(Kind.VERSION, 4);
            long tensors = field(Kind.COUNT, 8);
            long entries = field(Kind.COUNT, 8);
            for (long i = 0; i < entries; i++) {
                string();
                value((int) field(Kind.VALUE_TYPE, 4));
            }
            for (long i = 0; i < tensors; i++) {
                string();
                long dims = field(Kind.DIM_COUNT, 4);
                for (long d = 0; d < dims; d++) {
                    field(Kind.DIM, 8);
                }
                field(Kind.TENSOR_TYPE, 4);
                field(Kind.OFFSET, 8);
            }
        }

        Map<Kind, List<Field>> fields() {
            return fields;
        }

        private long field(Kind kind, int width) {
            Field field = new Field(in.position(), width, kind);
            fields.computeIfAbsent(kind, k -> new ArrayList<>()).add(field);
            long value = read(in.array(), field);
            in.position(in.position() + width);
            return value;
        }

        private void string() {
            long length = field(Kind.LENGTH, 8);
            in.position(in.position() + (int) length);
        }

        private void value(int type) {
            GgufValueType valueType = GgufValueType.byId(type).orElseThrow();
            switch (valueType) {
                case STRING -> string();
                case ARRAY -> {
                    GgufValueType element = GgufValueType.byId(field(Kind.VALUE_TYPE, 4)).orElseThrow();
                    long count = field(Kind.LENGTH, 8);
                    if (element.fixedSize()) {
                        in.position(in.position() + (int) (count * element.minBytes()));
                    } else {
                        for (long i = 0; i < count; i++) {
                            value(element.id());
                        }
                    }
                }
                default -> field(Kind.NUMBER, valueType.minBytes());
            }
        }
    }
}
