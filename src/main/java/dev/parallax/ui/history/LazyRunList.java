package dev.parallax.ui.history;

import dev.parallax.history.HistoryQuery;
import dev.parallax.history.RunRecord;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.TaskExecutor;
import javafx.collections.ObservableListBase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The runs of one history query as a list of known size whose rows are read page by page, off the UI
 * thread, when a table first asks for them. A row not read yet is a {@link HistoryRow#pending} stand-in;
 * when its page arrives the list reports the rows as replaced. Only the most recently used pages are kept,
 * so a table over 100,000 runs holds a few thousand at most.
 */
public final class LazyRunList extends ObservableListBase<HistoryRow> {

    /** Where pages come from: the run repository in the app. */
    @FunctionalInterface
    public interface PageSource {
        List<RunRecord> page(HistoryQuery query, int offset, int limit);
    }

    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 30;

    private final PageSource source;
    private final HistoryQuery query;
    private final int size;
    private final TaskExecutor tasks;
    private final Consumer<String> onError;
    private final Map<Integer, List<RunRecord>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<RunRecord>> eldest) {
            return size() > MAX_PAGES;
        }
    };
    private final Set<Integer> pending = new HashSet<>();
    private int pagesRead;

    public LazyRunList(PageSource source, HistoryQuery query, long size, TaskExecutor tasks, Consumer<String> onError) {
        this.source = source;
        this.query = query;
        this.size = (int) Math.min(Integer.MAX_VALUE, size);
        this.tasks = tasks;
        this.onError = onError;
    }

    public static LazyRunList empty() {
        return new LazyRunList((q, offset, limit) -> List.of(), HistoryQuery.all(), 0, null, e -> { });
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public HistoryRow get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int page = index / PAGE_SIZE;
        List<RunRecord> records = pages.get(page);
        if (records == null) {
            request(page);
            records = pages.get(page);
        }
        int at = index % PAGE_SIZE;
        return records != null && at < records.size()
                ? new HistoryRow(index, Optional.of(records.get(at))) : HistoryRow.pending(index);
    }

    /** The run at {@code index} if its page has been read. */
    public Optional<RunRecord> peek(int index) {
        List<RunRecord> records = pages.get(index / PAGE_SIZE);
        int at = index % PAGE_SIZE;
        return records != null && at < records.size() ? Optional.of(records.get(at)) : Optional.empty();
    }

    /** How many pages were read from the database: lets tests see that reading is lazy. */
    public int pagesRead() {
        return pagesRead;
    }

    private void request(int page) {
        if (!pending.add(page)) {
            return;
        }
        int offset = page * PAGE_SIZE;
        tasks.execute(BackgroundTask.of("Read history page", p -> source.page(query, offset, PAGE_SIZE))
                .onSuccess(records -> loaded(page, records))
                .onFailure(e -> onError.accept("Could not read the history: " + e.getMessage()))
                .onFinished(() -> pending.remove(page)));
    }

    private void loaded(int page, List<RunRecord> records) {
        pagesRead++;
        pages.put(page, records);
        int from = page * PAGE_SIZE;
        int to = Math.min(size, from + PAGE_SIZE);
        if (from >= to) {
            return;
        }
        List<HistoryRow> removed = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            removed.add(HistoryRow.pending(i));
        }
        beginChange();
        nextReplace(from, to, removed);
        endChange();
    }
}
