package dev.parallax.models.download;

import dev.parallax.history.DownloadRecord.ByteRange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte ranges of one file and how far each has come. Connections claim ranges in file order, so the
 * done part of the file grows nearly contiguously from the start and the hasher can follow it closely.
 */
final class RangePlan {

    static final class Slot {
        final int index;
        final long start;
        final long end;
        final AtomicLong done;
        private boolean claimed;
        private long persisted;

        Slot(int index, long start, long end, long done) {
            this.index = index;
            this.start = start;
            this.end = end;
            this.done = new AtomicLong(done);
            this.persisted = done;
        }

        long length() {
            return end - start;
        }

        boolean complete() {
            return done.get() >= length();
        }

        ByteRange range() {
            return new ByteRange(index, start, end, Math.min(length(), done.get()));
        }
    }

    private final List<Slot> slots;
    private final long size;

    private RangePlan(List<Slot> slots, long size) {
        this.slots = List.copyOf(slots);
        this.size = size;
    }

    static RangePlan of(List<ByteRange> ranges, long size) {
        List<Slot> slots = new ArrayList<>();
        for (ByteRange r : ranges) {
            slots.add(new Slot(r.index(), r.start(), r.end(), r.done()));
        }
        slots.sort((a, b) -> Long.compare(a.start, b.start));
        return new RangePlan(slots, size);
    }

    /** A fresh plan: one range for one connection, else ranges of {@code chunk} bytes. */
    static List<ByteRange> fresh(long size, int connections, long chunk) {
        List<ByteRange> ranges = new ArrayList<>();
        long step = connections == 1 ? Math.max(1, size) : Math.max(1, chunk);
        int index = 0;
        for (long start = 0; start < size; start += step) {
            ranges.add(new ByteRange(index++, start, Math.min(size, start + step), 0));
        }
        if (ranges.isEmpty()) {
            ranges.add(new ByteRange(0, 0, 0, 0));
        }
        return ranges;
    }

    /**
     * The same progress in ranges of at most {@code chunk} bytes: each unfinished range keeps its done part
     * as a finished range and its rest is cut into chunks, so more connections can share it.
     */
    static List<ByteRange> resplit(List<ByteRange> ranges, long chunk) {
        List<ByteRange> out = new ArrayList<>();
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (ByteRange r : sorted) {
            if (r.complete()) {
                out.add(new ByteRange(out.size(), r.start(), r.end(), r.done()));
                continue;
            }
            long at = r.start();
            if (r.done() > 0) {
                out.add(new ByteRange(out.size(), at, at + r.done(), r.done()));
                at += r.done();
            }
            for (; at < r.end(); at += Math.max(1, chunk)) {
                out.add(new ByteRange(out.size(), at, Math.min(r.end(), at + Math.max(1, chunk)), 0));
            }
        }
        return out;
    }

    /** Whether the ranges cover [0, size) exactly, in order, without gaps or overlaps. */
    static boolean covers(List<ByteRange> ranges, long size) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        long at = 0;
        for (ByteRange r : sorted) {
            if (r.start() != at) {
                return false;
            }
            at = r.end();
        }
        return at == size;
    }

    long size() {
        return size;
    }

    int slotCount() {
        return slots.size();
    }

    /** The first unclaimed, unfinished range, now claimed; null when none is left. */
    synchronized Slot claim() {
        for (Slot s : slots) {
            if (!s.claimed && !s.complete()) {
                s.claimed = true;
                return s;
            }
        }
        return null;
    }

    synchronized void release(Slot slot) {
        slot.claimed = false;
    }

    synchronized int unfinished() {
        int n = 0;
        for (Slot s : slots) {
            n += s.complete() ? 0 : 1;
        }
        return n;
    }

    /** Bytes from the start of the file that are all on disk. */
    long frontier() {
        long at = 0;
        for (Slot s : slots) {
            long done = s.done.get();
            if (done < s.length()) {
                return s.start + done;
            }
            at = s.end;
        }
        return at;
    }

    long done() {
        long total = 0;
        for (Slot s : slots) {
            total += Math.min(s.length(), s.done.get());
        }
        return total;
    }

    boolean complete() {
        return slots.stream().allMatch(Slot::complete);
    }

    /** Cuts each range's progress back to what a file of {@code onDisk} bytes can hold. */
    void clampTo(long onDisk) {
        for (Slot s : slots) {
            long possible = Math.max(0, Math.min(s.length(), onDisk - s.start));
            s.done.updateAndGet(d -> Math.min(d, possible));
        }
    }

    /** The ranges whose progress moved since the last call, now counted as persisted. */
    synchronized List<ByteRange> takeChanged() {
        List<ByteRange> changed = new ArrayList<>();
        for (Slot s : slots) {
            ByteRange r = s.range();
            if (r.done() != s.persisted) {
                s.persisted = r.done();
                changed.add(r);
            }
        }
        return changed;
    }

    List<ByteRange> ranges() {
        return slots.stream().map(Slot::range).toList();
    }
}
