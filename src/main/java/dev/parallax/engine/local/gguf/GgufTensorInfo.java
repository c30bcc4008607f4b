package dev.parallax.engine.local.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as the GGUF header describes it. {@code dims} are in ggml order, fastest-varying
 * first (ne0, ne1, ...); {@code offset} counts from the start of the file's tensor data section.
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {

    /** GGML_MAX_DIMS. */
    public static final int MAX_DIMS = 4;

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = Objects.requireNonNull(dims, "dims").clone();
        if (dims.length > MAX_DIMS) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has " + dims.length + " dimensions, at most " + MAX_DIMS + " allowed");
        }
        long elements = 1;
        for (long dim : dims) {
            if (dim <= 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a dimension of " + dim);
            }
            elements = Math.multiplyExact(elements, dim);
        }
        if (dims.length > 0 && dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' rows of " + dims[0] + " values do not fill whole " + type + " blocks");
        }
        Math.multiplyExact(elements / type.blockSize(), type.typeSize());
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "' has a negative offset");
        }
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int dimensionCount() {
        return dims.length;
    }

    public long dim(int index) {
        return dims[index];
    }

    public long elementCount() {
        long elements = 1;
        for (long dim : dims) {
            elements *= dim;
        }
        return elements;
    }

    /** Bytes the tensor's data takes in the file (before alignment padding). */
    public long byteSize() {
        return elementCount() / type.blockSize() * type.typeSize();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufTensorInfo that
                && name.equals(that.name)
                && Arrays.equals(dims, that.dims)
                && type == that.type
                && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims) + " @" + offset;
    }
}
