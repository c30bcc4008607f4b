package dev.parallax.engine.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How many processors the rest of the machine kept busy over a stretch of time: every process's processor time
 * (and a virtual machine's stolen time) less this process's own, from {@code /proc} on Linux. The current engine's
 * worker uses it to say why it ran on fewer threads: other programs, or a model whose steps are too short to share.
 */
public final class OtherProcessesLoad {

    /** Linux reports processor time in ticks of 1/100 s to user space (USER_HZ), whatever the kernel's own rate. */
    static final double TICKS_PER_SECOND = 100;

    /**
     * The shortest stretch a load is told for: ticks are 10 ms, so over 49 ms (a 30-token run on a tiny model) seven
     * ticks of the window drawing the answer read as 1.4 processors busy.
     */
    static final long MIN_NANOS = 500_000_000L;

    /**
     * The machine's, this process's and its parent's processor time at one moment (the worker's parent is Parallax
     * itself: the window drawing the answer, or the command printing it).
     */
    public record Sample(long machineBusyTicks, long ownTicks, long parentTicks, long nanos) {
    }

    /** Average load between two samples, in processors: Parallax's own (the worker's parent), and everything else. */
    public record Load(double parallax, double others) {
    }

    private OtherProcessesLoad() {
    }

    /** Now; empty where {@code /proc} cannot be read (not Linux). */
    public static Optional<Sample> sample() {
        try {
            String stat = Files.readString(Path.of("/proc/stat"));
            String self = Files.readString(Path.of("/proc/self/stat"));
            long parent = ProcessHandle.current().parent().map(p -> {
                try {
                    return ownTicks(Files.readString(Path.of("/proc/" + p.pid() + "/stat")));
                } catch (IOException | RuntimeException e) {
                    return 0L;
                }
            }).orElse(0L);
            return Optional.of(new Sample(machineBusyTicks(stat), ownTicks(self), parent, System.nanoTime()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The load besides this process between two samples, in processors (0.5: half of one kept busy): its parent's,
     * and the rest of the machine's. Empty for less than {@link #MIN_NANOS}, where a tick either way is a large share.
     */
    public static Optional<Load> between(Sample from, Sample to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        if (to.nanos() - from.nanos() < MIN_NANOS) {
            return Optional.empty();
        }
        long parent = Math.max(0, to.parentTicks() - from.parentTicks());
        long others = (to.machineBusyTicks() - from.machineBusyTicks()) - (to.ownTicks() - from.ownTicks()) - parent;
        return Optional.of(new Load(parent / TICKS_PER_SECOND / seconds,
                Math.max(0, others / TICKS_PER_SECOND / seconds)));
    }

    /** The busy ticks of the {@code cpu} line: user, nice, system, irq, softirq and steal (not idle or I/O wait). */
    static long machineBusyTicks(String procStat) {
        String line = procStat.lines().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cpu line in /proc/stat"));
        String[] f = line.trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** utime + stime of a {@code /proc/PID/stat} line (fields 14 and 15; the name in parentheses may hold spaces). */
    static long ownTicks(String procSelfStat) {
        String[] f = procSelfStat.substring(procSelfStat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
