package dev.parallax.models;

import java.util.Objects;
import java.util.Optional;

/**
 * The memory a model can use on this machine.
 *
 * @param gpu the GPU's memory when a GPU build of the engine is in use (a seam: the bundled CPU build has none)
 */
public record MemoryBudget(long totalRam, long availableRam, Optional<GpuMemory> gpu) {

    /** A GPU's memory, and how many of a model's layers would go there. */
    public record GpuMemory(String name, long totalBytes, long freeBytes) {
    }

    public MemoryBudget {
        Objects.requireNonNull(gpu, "gpu");
    }

    /** RAM from {@link HostProbe}: /proc/meminfo on Linux, the JVM's view elsewhere. */
    public static MemoryBudget ofThisMachine(long totalRam) {
        return new MemoryBudget(totalRam, HostProbe.availableMemoryBytes(), Optional.empty());
    }
}
