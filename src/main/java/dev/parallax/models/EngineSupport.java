package dev.parallax.models;

import dev.parallax.engine.local.gguf.GgmlType;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufTensorInfo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of Parallax's local engines can load a model: each knows a fixed set of architectures and
 * tensor types (its llama.cpp build). The current llama.cpp engine is preferred where it is installed,
 * as the engine choice at run time does.
 */
public final class EngineSupport {

    public static final String LLAMA_SERVER_HINT = "run it with a newer llama.cpp's llama-server and use it"
            + " through an OpenAI-compatible endpoint";

    private final List<LocalEngineProfile> engines;

    /** In order of preference: the first capable installed engine is the one that runs a model. */
    public EngineSupport(List<LocalEngineProfile> engines) {
        this.engines = List.copyOf(engines);
    }

    /** java-llama.cpp (always installed) and the current llama.cpp engine (installed or not). */
    public static EngineSupport bundled(boolean currentEngineInstalled) {
        return new EngineSupport(List.of(
                LocalEngineProfile.load("llama.cpp-current.engine", currentEngineInstalled),
                LocalEngineProfile.load("java-llama.cpp.engine", true)));
    }

    public List<LocalEngineProfile> engines() {
        return engines;
    }

    /** From a header: its architecture and the types of its tensors. */
    public Compatibility check(GgufFile header) {
        Set<GgmlType> types = EnumSet.noneOf(GgmlType.class);
        for (GgufTensorInfo tensor : header.tensors()) {
            types.add(tensor.type());
        }
        return check(header.architecture(), types);
    }

    /**
     * From what is known before the header: an architecture (from the catalog; null or blank when unknown)
     * and a quantization label from the file name.
     */
    public Compatibility check(String architecture, Optional<String> quantLabel) {
        Set<GgmlType> types = quantLabel.map(EngineSupport::typesOf).orElse(Set.of());
        if (architecture == null || architecture.isBlank()) {
            for (GgmlType type : types) {
                List<LocalEngineProfile> capable = engines.stream().filter(e -> e.tensorTypes().contains(type)).toList();
                if (capable.isEmpty()) {
                    return unsupported(type.name() + " tensors, which no engine here reads");
                }
                if (capable.stream().noneMatch(LocalEngineProfile::installed)) {
                    return needsNewer(capable, "its " + type.name() + " tensors need " + names(capable));
                }
            }
            return new Compatibility(Compatibility.Verdict.UNKNOWN, Optional.empty(), List.of(),
                    "the architecture is known once the header is read");
        }
        return check(architecture, types);
    }

    public Compatibility check(String architecture, Set<GgmlType> types) {
        String arch = architecture.strip().toLowerCase(Locale.ROOT);
        List<LocalEngineProfile> capable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (LocalEngineProfile engine : engines) {
            Set<GgmlType> missing = types.stream().filter(t -> !engine.tensorTypes().contains(t))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(GgmlType.class)));
            if (!engine.architectures().contains(arch)) {
                reasons.add(engine.label() + " does not know the '" + arch + "' architecture");
            } else if (!missing.isEmpty()) {
                reasons.add(engine.label() + " cannot read " + missing + " tensors");
            } else {
                capable.add(engine);
            }
        }
        Optional<LocalEngineProfile> runner = capable.stream().filter(LocalEngineProfile::installed).findFirst();
        if (runner.isPresent()) {
            return new Compatibility(Compatibility.Verdict.RUNS, runner, capable, "runs on " + runner.get().label());
        }
        if (!capable.isEmpty()) {
            return needsNewer(capable, String.join("; ", reasons));
        }
        return unsupported(String.join("; ", reasons));
    }

    private Compatibility needsNewer(List<LocalEngineProfile> capable, String why) {
        return new Compatibility(Compatibility.Verdict.NEEDS_NEWER_ENGINE, Optional.empty(), capable,
                "needs a newer llama.cpp (" + why + "): use the " + names(capable) + " engine once it is installed, or "
                        + LLAMA_SERVER_HINT);
    }

    private static Compatibility unsupported(String why) {
        return new Compatibility(Compatibility.Verdict.UNSUPPORTED, Optional.empty(), List.of(),
                "no engine in Parallax runs it (" + why + "): " + LLAMA_SERVER_HINT + ", if one supports it");
    }

    private static String names(List<LocalEngineProfile> engines) {
        return engines.stream().map(LocalEngineProfile::name).collect(Collectors.joining(" or "));
    }

    /** The ggml types a quantization label implies beyond the common ones, as far as the label tells. */
    static Set<GgmlType> typesOf(String quantLabel) {
        String q = quantLabel.toUpperCase(Locale.ROOT).replace("UD-", "");
        if (q.startsWith("MXFP4")) {
            return EnumSet.of(GgmlType.MXFP4);
        }
        if (q.equals("NVFP4")) {
            return EnumSet.of(GgmlType.NVFP4);
        }
        for (GgmlType type : GgmlType.values()) {
            if (type.name().equals(q)) {
                return EnumSet.of(type);
            }
        }
        return Set.of();
    }
}
