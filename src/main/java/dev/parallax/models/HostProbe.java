package dev.parallax.models;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.parallax.core.HostFacts;

/** What this machine is: read once per run so that results from different machines stay apart. */
public final class HostProbe {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private HostProbe() {
    }

    public static HostFacts detect(String parallaxVersion) {
        String cpu = cpuModel(lines(CPUINFO)).orElse(System.getProperty("os.arch", ""));
        long ram = meminfoBytes(lines(MEMINFO), "MemTotal").orElseGet(() -> mxBean().map(
                com.sun.management.OperatingSystemMXBean::getTotalMemorySize).orElse(0L));
        String os = (System.getProperty("os.name", "") + " " + System.getProperty("os.version", "")).trim();
        return new HostFacts(cpu, Runtime.getRuntime().availableProcessors(), ram, os, parallaxVersion);
    }

    /** Memory the system could give a new process now (Linux MemAvailable), in bytes; 0 when unknown. */
    public static long availableMemoryBytes() {
        return meminfoBytes(lines(MEMINFO), "MemAvailable").orElseGet(() -> mxBean().map(
                com.sun.management.OperatingSystemMXBean::getFreeMemorySize).orElse(0L));
    }

    /** The first "model name" of /proc/cpuinfo (x86; ARM kernels often have none). */
    static Optional<String> cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                if (!value.isEmpty()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** A /proc/meminfo field ("MemTotal:  16318412 kB") in bytes. */
    static OptionalLong meminfoBytes(List<String> meminfo, String field) {
        for (String line : meminfo) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    boolean kib = parts.length > 1 && parts[1].equalsIgnoreCase("kB");
                    return OptionalLong.of(kib ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            // Not Linux, or /proc hidden: the callers fall back to the JVM's view.
            return List.of();
        }
    }

    private static Optional<com.sun.management.OperatingSystemMXBean> mxBean() {
        try {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? Optional.of(os) : Optional.empty();
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }
    /**
     * The GPUs this machine shows: NVIDIA models from the driver's /proc files, else display devices' PCI vendors
     * from /sys; "none detected" when neither is there. Runs do not record a GPU, so reports say whose this is.
     */
    public static String gpus() {
        return gpus(Path.of("/proc/driver/nvidia/gpus"), Path.of("/sys/class/drm"));
    }

    static String gpus(Path nvidia, Path drm) {
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        for (Path dir : children(nvidia)) {
            for (String line : lines(dir.resolve("information"))) {
                if (line.startsWith("Model:")) {
                    found.add(line.substring(6).trim());
                }
            }
        }
        if (found.isEmpty()) {
            for (Path card : children(drm)) {
                if (!card.getFileName().toString().matches("card\\d+")) {
                    continue;
                }
                List<String> vendor = lines(card.resolve("device/vendor"));
                if (!vendor.isEmpty()) {
                    String v = vendor.get(0).trim();
                    String name = switch (v) {
                        case "0x10de" -> "NVIDIA";
                        case "0x1002" -> "AMD";
                        case "0x8086" -> "Intel";
                        default -> "PCI vendor " + v;
                    };
                    List<String> device = lines(card.resolve("device/device"));
                    found.add(name + " GPU" + (device.isEmpty() ? "" : " (device " + device.get(0).trim() + ")"));
                }
            }
        }
        return found.isEmpty() ? "none detected" : String.join(", ", found);
    }

    private static List<Path> children(Path dir) {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
