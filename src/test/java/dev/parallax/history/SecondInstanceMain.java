package dev.parallax.history;

import java.nio.file.Path;

/** Child JVM: tries to open a home another process holds; prints what it was told. */
public final class SecondInstanceMain {

    static final int LOCKED = 3;

    private SecondInstanceMain() {
    }

    public static void main(String[] args) {
        try (HistoryDatabase db = HistoryDatabase.open(Path.of(args[0]))) {
            System.out.println("OPENED " + db.home().orElseThrow());
            System.exit(0);
        } catch (HistoryLockedException e) {
            System.out.println("MESSAGE=" + e.getMessage());
            System.exit(LOCKED);
        }
    }
}
