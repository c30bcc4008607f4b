package dev.parallax.history;

import java.nio.file.Path;
import java.time.Instant;

/** Child JVM: records the start of a run, then dies at once as kill -9 would kill it (no shutdown hooks). */
public final class StartThenHaltMain {

    private StartThenHaltMain() {
    }

    public static void main(String[] args) {
        HistoryDatabase db = HistoryDatabase.open(Path.of(args[0]));
        new RunRepository(db).recordStart(args[1], SampleRuns.fullSpec(), SampleRuns.MODEL, SampleRuns.HOST,
                Instant.parse(args[2]));
        System.out.println("RECORDED");
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }
}
