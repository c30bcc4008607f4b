package dev.parallax.engine.local.gguf;

import java.util.Optional;

/** The 13 metadata value types of GGUF, with their ids and the fewest bytes a value takes. */
public enum GgufValueType {
    UINT8(0, 1, "uint8"),
    INT8(1, 1, "int8"),
    UINT16(2, 2, "uint16"),
    INT16(3, 2, "int16"),
    UINT32(4, 4, "uint32"),
    INT32(5, 4, "int32"),
    FLOAT32(6, 4, "float32"),
    BOOL(7, 1, "bool"),
    STRING(8, 8, "string"),
    ARRAY(9, 12, "array"),
    UINT64(10, 8, "uint64"),
    INT64(11, 8, "int64"),
    FLOAT64(12, 8, "float64");

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minBytes;
    private final String label;

    GgufValueType(int id, int minBytes, String label) {
        this.id = id;
        this.minBytes = minBytes;
        this.label = label;
    }

    public int id() {
        return id;
    }

    /** Bytes one value takes in the file: exact for numbers, the length prefix alone for strings and arrays. */
    public int minBytes() {
        return minBytes;
    }

    /** The name GGUF's documentation uses, e.g. "uint32". */
    public String label() {
        return label;
    }

    /** Numbers and booleans: a fixed size, stored packed in arrays. */
    public boolean fixedSize() {
        return this != STRING && this != ARRAY;
    }

    public static Optional<GgufValueType> byId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[(int) id]) : Optional.empty();
    }
}
