package dev.parallax.engine.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.testing.TinyModelWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading well-formed files, and the message each kind of damage produces. */
class GgufReaderTest {

    @TempDir
    Path directory;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(directory, "case", ".gguf"), bytes);
    }

    private GgufFile read(byte[] bytes) throws IOException, GgufException {
        return GgufReader.read(write(bytes));
    }

    private String failure(byte[] bytes) throws IOException {
        Path file = write(bytes);
        return assertThrows(GgufException.class, () -> GgufReader.read(file)).getMessage();
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    private static byte[] patchU64(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        return copy;
    }

    private static byte[] patchU32(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return copy;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    private static byte[] floats(int count) {
        return new byte[count * Float.BYTES];
    }

    private static TinyModelWriter oneTensor() {
        return new TinyModelWriter().string("general.architecture", "llama").tensor("w", 0, floats(8), 8);
    }

    @Test
    void readsEveryValueTypeIncludingNestedArrays() throws Exception {
        byte[] bytes = new TinyModelWriter()
                .put("u8", GgufValueType.UINT8, 255)
                .put("i8", GgufValueType.INT8, -128)
                .put("u16", GgufValueType.UINT16, 65535)
                .put("i16", GgufValueType.INT16, -32768)
                .put("u32", GgufValueType.UINT32, 0xFFFF_FFFFL)
                .put("i32", GgufValueType.INT32, Integer.MIN_VALUE)
                .put("f32", GgufValueType.FLOAT32, 1e-5)
                .put("bool", GgufValueType.BOOL, true)
                .put("string", GgufValueType.STRING, "héllo")
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", GgufValueType.INT64, Long.MIN_VALUE)
                .put("f64", GgufValueType.FLOAT64, Math.PI)
                .array("u64s", GgufValueType.UINT64, List.of(1L, -1L))
                .array("bools", GgufValueType.BOOL, List.of(true, false))
                .array("nested", GgufValueType.ARRAY, List.of(
                        new TinyModelWriter.Array(GgufValueType.INT16, List.of(1, -2)),
                        new TinyModelWriter.Array(GgufValueType.STRING, List.of("a", "b", "c"))))
                .array("empty", GgufValueType.STRING, List.of())
                .toBytes();
        GgufFile gguf = read(bytes);
        assertEquals(3, gguf.version());
        assertEquals(List.of("u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "u64", "i64", "f64",
                "u64s", "bools", "nested", "empty"), List.copyOf(gguf.metadata().keySet()));
        assertEquals(255L, gguf.metadata().get("u8"));
        assertEquals(-128L, gguf.metadata().get("i8"));
        assertEquals(65535L, gguf.metadata().get("u16"));
        assertEquals(-32768L, gguf.metadata().get("i16"));
        assertEquals(0xFFFF_FFFFL, gguf.metadata().get("u32"));
        assertEquals((long) Integer.MIN_VALUE, gguf.metadata().get("i32"));
        assertEquals(1.0E-5, gguf.metadata().get("f32"));
        assertEquals(true, gguf.metadata().get("bool"));
        assertEquals("héllo", gguf.metadata().get("string"));
        assertEquals(new BigInteger("18446744073709551615"), gguf.metadata().get("u64"));
        assertEquals(Long.MIN_VALUE, gguf.metadata().get("i64"));
        assertEquals(Math.PI, gguf.metadata().get("f64"));
        assertEquals(List.of(1L, new BigInteger("18446744073709551615")), gguf.metadata().get("u64s"));
        assertEquals(List.of(true, false), gguf.metadata().get("bools"));
        assertEquals(List.of(List.of(1L, -2L), List.of("a", "b", "c")), gguf.metadata().get("nested"));
        assertEquals(List.of(), gguf.metadata().get("empty"));
        assertEquals("[2 × array] [2 × int16], [3 × string]", gguf.describeValue("nested"));
        assertEquals("[0 × string]", gguf.describeValue("empty"));
        assertEquals("(not set)", gguf.describeValue("absent"));
        assertThrows(UnsupportedOperationException.class, () -> gguf.metadata().put("x", 1L));
        assertEquals("unknown", gguf.architecture());
        assertEquals(0, gguf.tensors().size());
        assertEquals("unknown", gguf.quantization());
    }

    @Test
    void describesLongStringsAndArraysShortly() throws Exception {
        String template = "{% for m in messages %}\n" + "x".repeat(300);
        GgufFile gguf = read(new TinyModelWriter()
                .string("tokenizer.chat_template", template)
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, List.of("<s>", "</s>", "<0x0A>", "hello"))
                .array("tokenizer.ggml.scores", GgufValueType.FLOAT32, List.of(0.5, -1.25))
                .toBytes());
        String described = gguf.describeValue("tokenizer.chat_template");
        assertTrue(described.startsWith("{% for m in messages %}\\nxxx"), described);
        assertTrue(described.endsWith("… (324 characters)"), described);
        assertEquals("[4 × string] <s>, </s>, <0x0A>, …", gguf.describeValue("tokenizer.ggml.tokens"));
        assertEquals("[2 × float32] 0.5, -1.25", gguf.describeValue("tokenizer.ggml.scores"));
        assertEquals(4, gguf.vocabSize().orElseThrow(), "vocab size from the token list");
    }

    @Test
    void acceptsVersion2AndACustomAlignment() throws Exception {
        GgufFile gguf = read(new TinyModelWriter().version(2).alignment(64)
                .tensor("a", 0, floats(3), 3)
                .tensor("b", GgmlType.Q8_0.id(), new byte[34 * 2], 64)
                .toBytes());
        assertEquals(2, gguf.version());
        assertEquals(64, gguf.alignment());
        assertEquals(0, gguf.dataOffset() % 64);
        assertEquals(64, gguf.tensors().get(1).offset());
        assertEquals(68, gguf.tensors().get(1).byteSize());
        assertEquals(67, gguf.parameterCount());
        assertEquals("Q8_0", gguf.quantization(), "without general.file_type, the largest type by bytes");
    }

    @Test
    void aFileWithoutTensorsIsValid() throws Exception {
        GgufFile gguf = read(new TinyModelWriter().string("general.architecture", "llama").toBytes());
        assertEquals("llama", gguf.architecture());
        assertTrue(gguf.tensors().isEmpty());
    }

    @Test
    void badMagic() throws Exception {
        byte[] zip = new byte[64];
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, zip, 0, 4);
        assertEquals("not a GGUF file: it starts with 'PK\\x03\\x04', not 'GGUF'", failure(zip));
        assertEquals("not a GGUF file: the file is empty", failure(new byte[0]));
    }

    @Test
    void version1IsRejected() throws Exception {
        String message = failure(new TinyModelWriter().version(1).toBytes());
        assertContains("GGUF version 1 is not supported", message);
    }

    @Test
    void unknownAndBigEndianVersions() throws Exception {
        assertEquals("unsupported GGUF version 4: this reader understands versions 2 and 3",
                failure(new TinyModelWriter().version(4).toBytes()));
        assertContains("big-endian", failure(new TinyModelWriter().version(0x0300_0000).toBytes()));
    }

    @Test
    void truncatedInTheHeader() throws Exception {
        byte[] valid = oneTensor().toBytes();
        assertEquals("the file is truncated: it ends at byte 12 in the middle of the header's tensor and metadata"
                + " counts (4 more bytes needed)", failure(Arrays.copyOf(valid, 12)));
        assertContains("it ends at byte 6 in the middle of the header's version number",
                failure(Arrays.copyOf(valid, 6)));
    }

    @Test
    void truncatedInTheMetadata() throws Exception {
        byte[] valid = new TinyModelWriter()
                .string("general.architecture", "llama")
                .string("general.name", "a name long enough to leave room for the counts")
                .u32("llama.context_length", 0x0A0B0C0D)
                .toBytes();
        int cut = indexOf(valid, new byte[] {0x0D, 0x0C, 0x0B, 0x0A}) + 2;
        assertEquals("the file is truncated: it ends at byte " + cut + " in the middle of metadata"
                + " key #3 ('llama.context_length') (2 more bytes needed)", failure(Arrays.copyOf(valid, cut)));
    }

    @Test
    void truncatedInTheTensorData() throws Exception {
        byte[] valid = TinyModelWriter.tinyLlama(false).toBytes();
        int cut = valid.length - 100;
        assertEquals("the file is truncated: tensor 'blk.1.ffn_down.weight' ends at byte " + valid.length
                + " but the file has " + cut + " bytes", failure(Arrays.copyOf(valid, cut)));
    }

    @Test
    void dataSectionStartingPastTheEnd() throws Exception {
        byte[] valid = oneTensor().toBytes();
        GgufFile gguf = read(valid);
        int cut = (int) gguf.dataOffset() - 3;
        assertEquals("the file is truncated: the tensor data should start at byte " + gguf.dataOffset()
                + " but the file has " + cut + " bytes", failure(Arrays.copyOf(valid, cut)));
    }

    @Test
    void hugeCounts() throws Exception {
        byte[] valid = oneTensor().toBytes();
        String kv = failure(patchU64(valid, 16, -1L));
        assertContains("the header claims 18446744073709551615 metadata entries, but the " + (valid.length - 24)
                + " bytes after the header can hold at most", kv);
        assertContains("claims 4294967295 metadata entries", failure(patchU64(valid, 16, 0xFFFF_FFFFL)));
        assertContains("the header claims 9223372036854775807 tensors", failure(patchU64(valid, 8, Long.MAX_VALUE)));
    }

    @Test
    void hugeStringLength() throws Exception {
        byte[] valid = oneTensor().toBytes();
        assertEquals("metadata key #1 claims a string of 4294967295 bytes, more than the " + (valid.length - 32)
                + " bytes left in the file", failure(patchU64(valid, 24, 0xFFFF_FFFFL)));
        assertContains("claims a string of 18446744073709551615 bytes", failure(patchU64(valid, 24, -1L)));
    }

    @Test
    void hugeArrayLength() throws Exception {
        byte[] valid = new TinyModelWriter().array("a", GgufValueType.UINT32, List.of(1, 2, 3)).toBytes();
        int lengthAt = 24 + 8 + 1 + 4 + 4;
        assertEquals("metadata key #1 ('a') claims an array of 9223372036854775807 uint32 values, more than the "
                + (valid.length - lengthAt - 8) + " bytes left in the file can hold",
                failure(patchU64(valid, lengthAt, Long.MAX_VALUE)));
        byte[] tokens = new TinyModelWriter().array("t", GgufValueType.STRING, List.of("x", "y")).toBytes();
        assertContains("claims an array of 18446744073709551615 string values",
                failure(patchU64(tokens, lengthAt, -1L)));
    }

    @Test
    void hugeStringInsideAnArrayNamesTheItem() throws Exception {
        byte[] valid = new TinyModelWriter().array("t", GgufValueType.STRING, List.of("x", "y")).toBytes();
        int secondLengthAt = 24 + 8 + 1 + 4 + 4 + 8 + 8 + 1;
        assertContains("metadata key #1 ('t') at [1] claims a string of 4294967295 bytes",
                failure(patchU64(valid, secondLengthAt, 0xFFFF_FFFFL)));
    }

    @Test
    void unknownValueTypes() throws Exception {
        byte[] valid = new TinyModelWriter().array("a", GgufValueType.UINT32, List.of(1)).toBytes();
        assertEquals("metadata key #1 ('a') has unknown value type 13 (GGUF defines types 0 to 12)",
                failure(patchU32(valid, 24 + 9, 13)));
        assertContains("is an array of unknown value type 99", failure(patchU32(valid, 24 + 13, 99)));
    }

    @Test
    void deeplyNestedArraysAreRefused() throws Exception {
        Object value = new TinyModelWriter.Array(GgufValueType.UINT8, List.of(1));
        for (int depth = 0; depth < 12; depth++) {
            value = new TinyModelWriter.Array(GgufValueType.ARRAY, List.of(value));
        }
        String message = failure(new TinyModelWriter().put("deep", GgufValueType.ARRAY, value).toBytes());
        assertContains("nests arrays more than 8 deep", message);
    }

    @Test
    void keysMustBeNamedAndUnique() throws Exception {
        assertEquals("metadata key #2 has an empty name",
                failure(new TinyModelWriter().u32("a", 1).u32("", 2).toBytes()));
        assertEquals("metadata key 'a' appears twice, as #1 and #3",
                failure(new TinyModelWriter().u32("a", 1).u32("b", 2).u32("a", 3).toBytes()));
    }

    @Test
    void unknownTensorType() throws Exception {
        assertEquals("tensor 'x' (#1) has unknown ggml type 99; the file is damaged or newer than this version of"
                + " Parallax", failure(new TinyModelWriter().tensor("x", 99, floats(8), 8).toBytes()));
        assertContains("tensor 'x' (#1) uses ggml type 31 (Q4_0_4_4), which llama.cpp no longer supports",
                failure(new TinyModelWriter().tensor("x", 31, new byte[18], 32).toBytes()));
    }

    @Test
    void misalignedOffset() throws Exception {
        String message = failure(new TinyModelWriter()
                .tensor("a", 0, floats(8), 8)
                .tensorClaimingOffset("b", 0, floats(8), 40, 8)
                .toBytes());
        assertEquals("tensor 'b' (#2) has data offset 40, which is not a multiple of the file's alignment of 32"
                + " bytes", message);
    }

    @Test
    void tensorBeyondTheEnd() throws Exception {
        byte[] bytes = new TinyModelWriter().tensorClaimingOffset("far", 0, floats(8), 1 << 20, 8).toBytes();
        GgufFile layout = read(new TinyModelWriter().tensor("far", 0, floats(8), 8).toBytes());
        assertEquals("the file is truncated or damaged: tensor 'far' starts at byte " + (layout.dataOffset() + (1 << 20))
                + " but the file has " + bytes.length + " bytes", failure(bytes));
        byte[] tooLong = new TinyModelWriter().tensor("long", 0, floats(8), 4096).toBytes();
        assertContains("the file is truncated: tensor 'long' ends at byte", failure(tooLong));
    }

    @Test
    void overlappingTensors() throws Exception {
        String message = failure(new TinyModelWriter()
                .tensor("a", 0, floats(16), 16)
                .tensorClaimingOffset("b", 0, floats(16), 32, 16)
                .toBytes());
        assertEquals("tensors 'a' and 'b' overlap: 'a' takes bytes 0 to 64 of the tensor data and 'b' starts at 32",
                message);
    }

    @Test
    void tensorShapes() throws Exception {
        assertEquals("tensor 'x' (#1) has 5 dimensions; GGUF allows at most 4",
                failure(new TinyModelWriter().tensor("x", 0, floats(1), 1, 1, 1, 1, 1).toBytes()));
        assertEquals("tensor 'x' (#1) has a dimension of size 0",
                failure(new TinyModelWriter().tensor("x", 0, floats(1), 1, 0).toBytes()));
        assertContains("more elements than a 64-bit count can hold",
                failure(new TinyModelWriter().tensor("x", 0, floats(1), 1L << 32, 1L << 32).toBytes()));
        assertContains("more bytes than a 64-bit size can hold",
                failure(new TinyModelWriter().tensor("x", 0, floats(1), 1L << 31, 1L << 31).toBytes()));
        assertEquals("tensor 'x' (#1) is Q8_0, which stores values in blocks of 32, but its rows have 33 values",
                failure(new TinyModelWriter().tensor("x", GgmlType.Q8_0.id(), new byte[68], 33).toBytes()));
    }

    @Test
    void tensorNames() throws Exception {
        assertEquals("tensor #1 has an empty name", failure(new TinyModelWriter().tensor("", 0, floats(1), 1).toBytes()));
        assertContains("has a name of 64 bytes; llama.cpp allows at most 63",
                failure(new TinyModelWriter().tensor("n".repeat(64), 0, floats(1), 1).toBytes()));
        assertEquals("tensor name 'x' appears twice, as tensors #1 and #2", failure(new TinyModelWriter()
                .tensor("x", 0, floats(1), 1).tensor("x", 0, floats(1), 1).toBytes()));
    }

    @Test
    void alignmentMustBeAUint32PowerOfTwo() throws Exception {
        assertEquals("general.alignment is 48, which is not a power of two",
                failure(new TinyModelWriter().u32("general.alignment", 48).toBytes()));
        assertEquals("general.alignment is 0, which is not a power of two",
                failure(new TinyModelWriter().u32("general.alignment", 0).toBytes()));
        assertContains("general.alignment must be a uint32, but this file stores it as a string",
                failure(new TinyModelWriter().string("general.alignment", "32").toBytes()));
    }

    @Test
    void missingFilesAndFolders() {
        GgufException missing = assertThrows(GgufException.class,
                () -> GgufReader.read(directory.resolve("absent.gguf")));
        assertContains("there is no such file", missing.getMessage());
        GgufException folder = assertThrows(GgufException.class, () -> GgufReader.read(directory));
        assertContains("is a folder, not a GGUF file", folder.getMessage());
    }

    @Test
    void metadataBeyondTheMemoryBudgetIsRefused() {
        long budget = GgufReader.MEMORY_BUDGET_BYTES;
        assertTrue(budget < Runtime.getRuntime().maxMemory() / 2, "the budget must fit comfortably in the test heap");
        GgufException error = assertThrows(GgufException.class, () -> GgufReader.read(
                new InMemoryChannel(new HugeStringFile(budget + 1)), Path.of("huge.gguf")));
        assertContains("the header is too large to read safely", error.getMessage());
    }

    @Test
    void tensorInfoRecordValidatesAndCopies() {
        long[] dims = {32, 2};
        GgufTensorInfo tensor = new GgufTensorInfo("w", dims, GgmlType.Q8_0, 0);
        dims[0] = 1;
        assertEquals(32, tensor.dim(0));
        assertEquals(64, tensor.elementCount());
        assertEquals(68, tensor.byteSize());
        assertEquals(tensor, new GgufTensorInfo("w", new long[] {32, 2}, GgmlType.Q8_0, 0));
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class,
                () -> new GgufTensorInfo("w", new long[] {31}, GgmlType.Q8_0, 0)));
        assertFalse(GgmlType.byId(31).isPresent());
    }

    /** A GGUF file of one metadata string whose bytes are all there but too many to hold: content is zeros. */
    private static final class HugeStringFile implements InMemoryChannel.Content {
        private final byte[] header;
        private final long size;

        HugeStringFile(long stringLength) {
            ByteBuffer buffer = ByteBuffer.allocate(24 + 8 + 1 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
            buffer.put(new byte[] {'G', 'G', 'U', 'F'}).putInt(3).putLong(0).putLong(1)
                    .putLong(1).put((byte) 'k').putInt(GgufValueType.STRING.id()).putLong(stringLength);
            header = buffer.array();
            size = header.length + stringLength;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public byte get(long position) {
            return position < header.length ? header[(int) position] : 0;
        }
    }
}
