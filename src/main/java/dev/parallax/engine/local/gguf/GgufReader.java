package dev.parallax.engine.local.gguf;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and validates the header of a GGUF file (format versions 2 and 3) without loading tensor data.
 *
 * <p>Every count and length in the file is checked against the bytes that are left before anything
 * is allocated for it, and the decoded header may take at most {@link #MEMORY_BUDGET_BYTES} of heap,
 * so a damaged or hostile file ends in a {@link GgufException}: never an OutOfMemoryError, never a
 * loop that runs longer than the file is big. The checks cover what native llama.cpp would otherwise
 * trip over: tensor types, shapes, alignment, and extents inside the file.
 */
public final class GgufReader {

    public static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_NAME is 64 bytes including the terminating NUL. */
    public static final int MAX_TENSOR_NAME_BYTES = 63;
    /** Heap the decoded header may take, as the reader estimates it while reading; no count can push it further. */
    public static final long MEMORY_BUDGET_BYTES = 256L * 1024 * 1024;
    static final int MAX_ARRAY_NESTING = 8;

    private static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    private static final int HEADER_BYTES = 24;
    /** A key needs a length and at least one byte, then a type id and the smallest value. */
    private static final int MIN_KV_BYTES = 8 + 1 + 4 + 1;
    /** A name length and one byte, n_dims, the type id and the offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 4 + 8;
    private static final int MAX_ALIGNMENT = 1 << 30;
    private static final long STRING_COST = 56;
    private static final long ENTRY_COST = 64;
    private static final long TENSOR_COST = 200;

    private GgufReader() {
    }

    public static GgufFile read(Path file) throws GgufException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new GgufException(file + " is a folder, not a GGUF file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new GgufException(file + " is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file);
        } catch (IOException e) {
            throw new GgufException("could not open " + file + ": " + reason(e), e);
        }
    }

    /** Reads from any seekable channel; {@code path} only names the result. */
    static GgufFile read(SeekableByteChannel channel, Path path) throws GgufException {
        try {
            return new Parse(channel, path, channel.size()).run();
        } catch (IOException e) {
            throw new GgufException("could not read the file: " + reason(e), e);
        } catch (RuntimeException e) {
            // Last line only: the checks in Parse are meant to stop every bad file before this.
            throw new GgufException("the file could not be read as GGUF (" + e + ")", e);
        }
    }

    /**
     * Reads the header of a file of {@code fileSize} bytes from its first bytes only, as fetched by an
     * HTTP range request: everything is validated as for a whole file (counts, lengths, tensor extents
     * against {@code fileSize}). When the prefix ends inside the header the answer says how many bytes
     * would do; fetch at least that many and call again.
     *
     * @param name names the result (a file name; nothing is opened)
     */
    public static GgufHeaderRead readHeader(byte[] prefix, long fileSize, Path name) throws GgufException {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
        if (prefix.length > fileSize) {
            throw new IllegalArgumentException("a prefix of " + prefix.length + " bytes is longer than the file ("
                    + fileSize + " bytes)");
        }
        try {
            return new GgufHeaderRead.Complete(new Parse(new PrefixChannel(prefix, fileSize), name, fileSize).run());
        } catch (PrefixChannel.PrefixExhausted e) {
            return new GgufHeaderRead.NeedsMoreBytes(Math.min(fileSize, Math.max(e.atLeast, prefix.length + 1L)));
        } catch (IOException e) {
            throw new GgufException("could not read the header: " + reason(e), e);
        } catch (RuntimeException e) {
            throw new GgufException("the header could not be read as GGUF (" + e + ")", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "there is no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static final class Parse implements ChannelInput.Place {

        private final Path path;
        private final long size;
        private final ChannelInput in;
        private final int[] itemIndex = new int[MAX_ARRAY_NESTING];
        private int itemDepth;
        private String where = "the header";
        private long budgetLeft = MEMORY_BUDGET_BYTES;
        private byte[] lastStringBytes = new byte[0];

        Parse(SeekableByteChannel channel, Path path, long size) {
            this.path = path;
            this.size = size;
            this.in = new ChannelInput(channel, size, this);
        }

        @Override
        public String describe() {
            if (itemDepth == 0) {
                return where;
            }
            StringBuilder text = new StringBuilder(where).append(" at ");
            for (int depth = 0; depth < itemDepth; depth++) {
                text.append('[').append(itemIndex[depth]).append(']');
            }
            return text.toString();
        }

        GgufFile run() throws IOException, GgufException {
            if (size == 0) {
                throw new GgufException("not a GGUF file: the file is empty");
            }
            byte[] magic = in.bytes((int) Math.min(MAGIC.length, size));
            if (!Arrays.equals(magic, MAGIC)) {
                throw new GgufException("not a GGUF file: it starts with '" + printable(magic) + "', not 'GGUF'");
            }
            where = "the header's version number";
            int version = in.i32();
            checkVersion(version);
            where = "the header's tensor and metadata counts";
            long tensorCount = in.i64();
            long kvCount = in.i64();
            checkCounts(tensorCount, kvCount);

            Map<String, Object> metadata = new LinkedHashMap<>();
            GgufValueType alignmentType = readMetadata(kvCount, metadata);
            int alignment = alignment(metadata, alignmentType);
            List<GgufTensorInfo> tensors = readTensorInfos(tensorCount, alignment);

            where = "the tensor data";
            long dataOffset = alignUp(in.position(), alignment);
            checkExtents(tensors, dataOffset);
            return new GgufFile(path, size, version, metadata, tensors, dataOffset, alignment);
        }

        private void checkVersion(int version) throws GgufException {
            if (version == 2 || version == 3) {
                return;
            }
            if (version == 1) {
                throw new GgufException("GGUF version 1 is not supported: it is the 2023 draft of the format,"
                        + " which llama.cpp no longer reads; convert the model again with a current llama.cpp");
            }
            int swapped = Integer.reverseBytes(version);
            if (swapped >= 1 && swapped <= 3) {
                throw new GgufException("this is a big-endian GGUF file (version " + swapped + "); llama.cpp on this"
                        + " computer reads only little-endian files, so download the little-endian version");
            }
            throw new GgufException("unsupported GGUF version " + Integer.toUnsignedString(version)
                    + ": this reader understands versions 2 and 3");
        }

        private void checkCounts(long tensorCount, long kvCount) throws GgufException {
            long afterHeader = in.remaining();
            long kvFit = afterHeader / MIN_KV_BYTES;
            if (kvCount < 0 || kvCount > kvFit) {
                throw new GgufException("the header claims " + Long.toUnsignedString(kvCount)
                        + " metadata entries, but the " + afterHeader + " bytes after the header can hold at most "
                        + kvFit + "; the file is damaged or truncated");
            }
            long afterMetadata = afterHeader - kvCount * MIN_KV_BYTES;
            long tensorFit = afterMetadata / MIN_TENSOR_INFO_BYTES;
            if (tensorCount < 0 || tensorCount > tensorFit) {
                throw new GgufException("the header claims " + Long.toUnsignedString(tensorCount)
                        + " tensors, but the bytes left after the metadata can describe at most " + tensorFit
                        + "; the file is damaged or truncated");
            }
        }

        /** Reads every key/value pair into {@code metadata} and returns the type general.alignment had, or null. */
        private GgufValueType readMetadata(long kvCount, Map<String, Object> metadata)
                throws IOException, GgufException {
            Map<String, Long> seen = new HashMap<>();
            GgufValueType alignmentType = null;
            for (long index = 1; index <= kvCount; index++) {
                where = "metadata key #" + index;
                String key = readString();
                if (key.isEmpty()) {
                    throw new GgufException(where + " has an empty name");
                }
                Long earlier = seen.putIfAbsent(key, index);
                if (earlier != null) {
                    throw new GgufException("metadata key " + quoted(key) + " appears twice, as #" + earlier
                            + " and #" + index);
                }
                charge(ENTRY_COST);
                where = "metadata key #" + index + " (" + quoted(key) + ")";
                long typeId = in.u32();
                GgufValueType type = GgufValueType.byId(typeId).orElseThrow(() -> new GgufException(
                        where + " has unknown value type " + typeId + " (GGUF defines types 0 to 12)"));
                metadata.put(key, readValue(type, 0));
                if (key.equals("general.alignment")) {
                    alignmentType = type;
                }
            }
            return alignmentType;
        }

        private Object readValue(GgufValueType type, int depth) throws IOException, GgufException {
            return switch (type) {
                case UINT8 -> (long) in.u8();
                case INT8 -> (long) (byte) in.u8();
                case UINT16 -> (long) (in.i16() & 0xFFFF);
                case INT16 -> (long) in.i16();
                case UINT32 -> in.u32();
                case INT32 -> (long) in.i32();
                case FLOAT32 -> GgufValues.floatToDouble(Float.intBitsToFloat(in.i32()));
                case BOOL -> in.u8() != 0;
                case STRING -> readString();
                case ARRAY -> readArray(depth);
                case UINT64 -> GgufValues.unsignedLong(in.i64());
                case INT64 -> in.i64();
                case FLOAT64 -> Double.longBitsToDouble(in.i64());
            };
        }

        private GgufArray readArray(int depth) throws IOException, GgufException {
            if (depth >= MAX_ARRAY_NESTING) {
                throw new GgufException(describe() + " nests arrays more than " + MAX_ARRAY_NESTING + " deep");
            }
            long typeId = in.u32();
            GgufValueType elementType = GgufValueType.byId(typeId).orElseThrow(() -> new GgufException(
                    describe() + " is an array of unknown value type " + typeId + " (GGUF defines types 0 to 12)"));
            long length = in.i64();
            long remaining = in.remaining();
            if (length < 0 || length > remaining / elementType.minBytes()) {
                throw new GgufException(describe() + " claims an array of " + Long.toUnsignedString(length) + " "
                        + elementType.label() + " values, more than the " + remaining
                        + " bytes left in the file can hold");
            }
            if (elementType.fixedSize()) {
                long bytes = length * elementType.minBytes();
                charge(ENTRY_COST + bytes);
                return GgufArray.packed(elementType, in.bytes((int) bytes));
            }
            charge(ENTRY_COST + length * Long.BYTES);
            Object[] items = new Object[(int) length];
            itemDepth = depth + 1;
            for (int i = 0; i < items.length; i++) {
                itemIndex[depth] = i;
                items[i] = elementType == GgufValueType.STRING ? readString() : readArray(depth + 1);
                itemDepth = depth + 1;
            }
            itemDepth = depth;
            return GgufArray.of(elementType, items);
        }

        private String readString() throws IOException, GgufException {
            long length = in.i64();
            long remaining = in.remaining();
            if (length < 0 || length > remaining) {
                throw new GgufException(describe() + " claims a string of " + Long.toUnsignedString(length)
                        + " bytes, more than the " + remaining + " bytes left in the file");
            }
            charge(STRING_COST + length);
            lastStringBytes = in.bytes((int) length);
            return new String(lastStringBytes, StandardCharsets.UTF_8);
        }

        private void charge(long bytes) throws GgufException {
            budgetLeft -= bytes;
            if (budgetLeft < 0) {
                throw new GgufException("the header is too large to read safely: at " + describe()
                        + " it would need more than " + (MEMORY_BUDGET_BYTES >> 20)
                        + " MiB of memory, far more than any real model's metadata; the file is probably damaged");
            }
        }

        private int alignment(Map<String, Object> metadata, GgufValueType type) throws GgufException {
            if (type == null) {
                return DEFAULT_ALIGNMENT;
            }
            where = "general.alignment";
            if (type != GgufValueType.UINT32) {
                throw new GgufException("general.alignment must be a uint32, but this file stores it as a "
                        + type.label() + "; llama.cpp would refuse or crash on it");
            }
            long alignment = (Long) metadata.get("general.alignment");
            if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
                throw new GgufException("general.alignment is " + alignment + ", which is not a power of two");
            }
            if (alignment > MAX_ALIGNMENT) {
                throw new GgufException("general.alignment is " + alignment + " bytes, more than the "
                        + MAX_ALIGNMENT + " this reader accepts");
            }
            return (int) alignment;
        }

        private List<GgufTensorInfo> readTensorInfos(long tensorCount, int alignment)
                throws IOException, GgufException {
            List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
            Map<String, Long> seen = new HashMap<>();
            for (long index = 1; index <= tensorCount; index++) {
                where = "tensor #" + index;
                String name = readString();
                int nameBytes = lastStringBytes.length;
                if (name.isEmpty()) {
                    throw new GgufException(where + " has an empty name");
                }
                if (nameBytes > MAX_TENSOR_NAME_BYTES) {
                    throw new GgufException(where + " (" + quoted(name) + ") has a name of " + nameBytes
                            + " bytes; llama.cpp allows at most " + MAX_TENSOR_NAME_BYTES);
                }
                Long earlier = seen.putIfAbsent(name, index);
                if (earlier != null) {
                    throw new GgufException("tensor name " + quoted(name) + " appears twice, as tensors #" + earlier
                            + " and #" + index);
                }
                where = "tensor " + quoted(name) + " (#" + index + ")";
                charge(TENSOR_COST + nameBytes);
                tensors.add(readTensorInfo(name, alignment));
            }
            return tensors;
        }

        private GgufTensorInfo readTensorInfo(String name, int alignment) throws IOException, GgufException {
            long dimCount = in.u32();
            if (dimCount > GgufTensorInfo.MAX_DIMS) {
                throw new GgufException(where + " has " + dimCount + " dimensions; GGUF allows at most "
                        + GgufTensorInfo.MAX_DIMS);
            }
            long[] dims = new long[(int) dimCount];
            boolean overflow = false;
            long elements = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.i64();
                if (dims[d] == 0) {
                    throw new GgufException(where + " has a dimension of size 0");
                }
                if (dims[d] < 0) {
                    throw new GgufException(where + " has dimension " + d + " of "
                            + Long.toUnsignedString(dims[d]) + ", far beyond any real tensor");
                }
                if (elements > Long.MAX_VALUE / dims[d]) {
                    overflow = true;
                } else {
                    elements *= dims[d];
                }
            }
            if (overflow) {
                throw new GgufException(where + " has dimensions " + Arrays.toString(dims)
                        + ", more elements than a 64-bit count can hold");
            }
            long typeId = in.u32();
            GgmlType type = typeId > Integer.MAX_VALUE ? null : GgmlType.byId((int) typeId).orElse(null);
            if (type == null) {
                String retired = typeId > Integer.MAX_VALUE ? null : GgmlType.retiredName((int) typeId).orElse(null);
                if (retired != null) {
                    throw new GgufException(where + " uses ggml type " + typeId + " (" + retired + "), which"
                            + " llama.cpp no longer supports; use a model file quantized with a current llama.cpp");
                }
                throw new GgufException(where + " has unknown ggml type " + typeId
                        + "; the file is damaged or newer than this version of Parallax");
            }
            long rowLength = dims.length == 0 ? 1 : dims[0];
            if (rowLength % type.blockSize() != 0) {
                throw new GgufException(where + " is " + type + ", which stores values in blocks of "
                        + type.blockSize() + ", but its rows have " + rowLength + " values");
            }
            if (elements / type.blockSize() > Long.MAX_VALUE / type.typeSize()) {
                throw new GgufException(where + " has dimensions " + Arrays.toString(dims)
                        + ", more bytes than a 64-bit size can hold");
            }
            long offset = in.i64();
            if (offset < 0) {
                throw new GgufException(where + " has data offset " + Long.toUnsignedString(offset)
                        + ", beyond the end of any file");
            }
            if (offset % alignment != 0) {
                throw new GgufException(where + " has data offset " + offset
                        + ", which is not a multiple of the file's alignment of " + alignment + " bytes");
            }
            return new GgufTensorInfo(name, dims, type, offset);
        }

        private void checkExtents(List<GgufTensorInfo> tensors, long dataOffset) throws GgufException {
            if (tensors.isEmpty()) {
                return;
            }
            if (dataOffset > size) {
                throw new GgufException("the file is truncated: the tensor data should start at byte " + dataOffset
                        + " but the file has " + size + " bytes");
            }
            long dataBytes = size - dataOffset;
            for (GgufTensorInfo tensor : tensors) {
                if (tensor.offset() > dataBytes) {
                    throw new GgufException("the file is truncated or damaged: tensor " + quoted(tensor.name())
                            + " starts at byte " + sum(dataOffset, tensor.offset()) + " but the file has "
                            + size + " bytes");
                }
                if (tensor.byteSize() > dataBytes - tensor.offset()) {
                    throw new GgufException("the file is truncated: tensor " + quoted(tensor.name()) + " ends at byte "
                            + sum(dataOffset, tensor.offset(), tensor.byteSize()) + " but the file has " + size
                            + " bytes");
                }
            }
            GgufTensorInfo[] byOffset = tensors.toArray(new GgufTensorInfo[0]);
            Arrays.sort(byOffset, Comparator.comparingLong(GgufTensorInfo::offset));
            for (int i = 1; i < byOffset.length; i++) {
                GgufTensorInfo before = byOffset[i - 1];
                GgufTensorInfo after = byOffset[i];
                long beforeEnd = before.offset() + before.byteSize();
                if (after.offset() < beforeEnd) {
                    throw new GgufException("tensors " + quoted(before.name()) + " and " + quoted(after.name())
                            + " overlap: " + quoted(before.name()) + " takes bytes " + before.offset() + " to "
                            + beforeEnd + " of the tensor data and " + quoted(after.name()) + " starts at "
                            + after.offset());
                }
            }
        }
    }

    private static long alignUp(long position, int alignment) {
        long rest = position % alignment;
        return rest == 0 ? position : position + (alignment - rest);
    }

    private static String sum(long... parts) {
        BigInteger total = BigInteger.ZERO;
        for (long part : parts) {
            total = total.add(BigInteger.valueOf(part));
        }
        return total.toString();
    }

    static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02X", c));
            }
        }
        return text.toString();
    }

    /** A key or tensor name for a message: quoted, cut after 80 characters, control characters escaped. */
    static String quoted(String name) {
        String shown = name.length() <= 80 ? name : name.substring(0, 80) + "…";
        return "'" + GgufValues.escapeControls(shown) + "'";
    }
}
