package dev.parallax.engine.local.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A GGUF metadata array, read-only. Numbers and booleans stay packed as the file's bytes and are
 * boxed one at a time on {@link #get}: a score table costs 4 bytes an entry, not a boxed Double each.
 */
final class GgufArray extends AbstractList<Object> implements RandomAccess {

    private final GgufValueType elementType;
    private final int size;
    private final ByteBuffer packed;
    private final Object[] items;

    private GgufArray(GgufValueType elementType, int size, ByteBuffer packed, Object[] items) {
        this.elementType = elementType;
        this.size = size;
        this.packed = packed;
        this.items = items;
    }

    static GgufArray packed(GgufValueType elementType, byte[] littleEndianBytes) {
        if (!elementType.fixedSize() || littleEndianBytes.length % elementType.minBytes() != 0) {
            throw new IllegalArgumentException("not a packed " + elementType.label() + " array");
        }
        ByteBuffer buffer = ByteBuffer.wrap(littleEndianBytes).order(ByteOrder.LITTLE_ENDIAN);
        return new GgufArray(elementType, littleEndianBytes.length / elementType.minBytes(), buffer, null);
    }

    /** Strings or nested arrays, already decoded; the array is kept, not copied. */
    static GgufArray of(GgufValueType elementType, Object[] items) {
        return new GgufArray(elementType, items.length, null, items);
    }

    GgufValueType elementType() {
        return elementType;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object get(int index) {
        Objects.checkIndex(index, size);
        if (items != null) {
            return items[index];
        }
        int at = index * elementType.minBytes();
        return switch (elementType) {
            case UINT8 -> (long) (packed.get(at) & 0xFF);
            case INT8 -> (long) packed.get(at);
            case UINT16 -> (long) (packed.getShort(at) & 0xFFFF);
            case INT16 -> (long) packed.getShort(at);
            case UINT32 -> packed.getInt(at) & 0xFFFF_FFFFL;
            case INT32 -> (long) packed.getInt(at);
            case FLOAT32 -> GgufValues.floatToDouble(packed.getFloat(at));
            case BOOL -> packed.get(at) != 0;
            case UINT64 -> GgufValues.unsignedLong(packed.getLong(at));
            case INT64 -> packed.getLong(at);
            case FLOAT64 -> packed.getDouble(at);
            case STRING, ARRAY -> throw new IllegalStateException(elementType + " arrays are never packed");
        };
    }
}
