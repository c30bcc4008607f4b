package dev.parallax.engine.local;

import dev.parallax.core.RunResult;

final class RunResultsCpu {
    private RunResultsCpu() {
    }

    static String variant(RunResult r) {
        String b = r.model().engineBuild();
        int at = b.lastIndexOf("cpu=");
        return at < 0 ? "" : b.substring(at + 4);
    }
}
