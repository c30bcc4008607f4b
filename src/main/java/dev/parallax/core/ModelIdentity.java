package dev.parallax.core;

/**
 * Which model produced a run, precisely enough to compare runs later: the file, its content hash,
 * its quantization, and which engine build ran it.
 */
public record ModelIdentity(String name, String file, String sha256, String quantization, String architecture,
                            String engine, String engineBuild) {

    public ModelIdentity {
        name = nz(name);
        file = nz(file);
        sha256 = nz(sha256);
        quantization = nz(quantization);
        architecture = nz(architecture);
        engine = nz(engine);
        engineBuild = nz(engineBuild);
    }

    public static ModelIdentity unknown(String name) {
        return new ModelIdentity(name, "", "", "", "", "", "");
    }

    public ModelIdentity withEngine(String engine, String engineBuild) {
        return new ModelIdentity(name, file, sha256, quantization, architecture, engine, engineBuild);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
