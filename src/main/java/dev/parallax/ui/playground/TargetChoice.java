package dev.parallax.ui.playground;

import dev.parallax.core.Target;
import dev.parallax.models.LocalModel;

import java.nio.file.Path;
import java.util.Locale;

/** One entry of the Playground's model picker: an imported model or a .gguf file chosen by path. */
public record TargetChoice(String label, String detail, Target target) {

    public static TargetChoice of(LocalModel m) {
        String detail = String.join(" · ", nonBlank(m.facts().architecture(), m.facts().parameterLabel(),
                m.facts().quantization(), String.format(Locale.ROOT, "%.1f MiB", m.sizeBytes() / (double) (1L << 20))));
        return new TargetChoice(m.name(), detail, Target.local(m.name()));
    }

    public static TargetChoice ofFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new TargetChoice(abs.getFileName().toString(), abs.toString(), Target.local(abs.toString()));
    }

    /** A cloud target: shown as provider:model, so the list tells providers apart. */
    public static TargetChoice ofCloud(Target target) {
        return new TargetChoice(target.toString(), "cloud · " + target.provider(), target);
    }

    public static TargetChoice ofTarget(Target target) {
        return new TargetChoice(target.model(), target.toString(), target);
    }

    private static String[] nonBlank(String... parts) {
        return java.util.Arrays.stream(parts).filter(s -> s != null && !s.isBlank()).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return label;
    }
}
