package dev.parallax.models;

import dev.parallax.core.FileErrors;
import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The GGUF models on this machine: {@code <home>/models/**.gguf}. Every file is validated by the
 * pure-Java GGUF reader before anything else happens to it, so native code never sees a file
 * that lies about its own structure.
 */
public final class ModelStore {

    private static final String SUFFIX = ".gguf";
    private static final String IMPORTED = "imported";
    /** Parts 2..n of a split model: llama.cpp finds them next to part 1, which stands for the whole model. */
    private static final java.util.regex.Pattern LATER_SPLIT_PART =
            java.util.regex.Pattern.compile("(?i).*-(?!00001)\\d{5}-of-\\d{5}\\.gguf");

    private final Path root;
    private final ModelIndex index;

    public ModelStore(Path modelsDir) {
        this.root = modelsDir.toAbsolutePath().normalize();
        this.index = new ModelIndex(root.resolve(".index.json"));
    }

    public Path root() {
        return root;
    }

    /** Every model in the store, by name. Files that fail validation are left out (see {@link #problems()}). */
    public List<LocalModel> list() throws ModelStoreException {
        List<LocalModel> models = new ArrayList<>();
        for (Path file : files()) {
            try {
                models.add(describe(file, true));
            } catch (ModelStoreException e) {
                // Reported by problems(); one bad file must not hide the others.
            }
        }
        models.sort(Comparator.comparing(m -> m.name().toLowerCase(Locale.ROOT)));
        return models;
    }

    /** Files in the store that are not valid GGUF models, with the reason. */
    public List<String> problems() throws ModelStoreException {
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            try {
                describe(file, false);
            } catch (ModelStoreException e) {
                problems.add(root.relativize(file) + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private List<Path> files() throws ModelStoreException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(SUFFIX))
                    .filter(p -> !LATER_SPLIT_PART.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelStoreException("cannot read the model folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model by store name (file name without .gguf, case-insensitive) or by path to a .gguf file.
     * The file is validated; a file outside the store is hashed only if it was hashed before.
     */
    public LocalModel resolve(String nameOrPath) throws ModelStoreException {
        Path asPath = pathOrNull(nameOrPath);
        if (asPath != null && Files.isRegularFile(asPath)) {
            return describe(asPath.toAbsolutePath().normalize(), isInStore(asPath));
        }
        Optional<LocalModel> byName = find(nameOrPath);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (asPath != null && (nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(SUFFIX))) {
            if (Files.isDirectory(asPath)) {
                throw new ModelStoreException(asPath.toAbsolutePath() + " is a folder; give the .gguf file inside it");
            }
            throw new ModelStoreException("model file not found: " + asPath.toAbsolutePath());
        }
        List<String> names = list().stream().map(LocalModel::name).toList();
        throw new ModelStoreException("no model named '" + nameOrPath + "'. "
                + (names.isEmpty() ? "No model is imported yet: " : "Imported: " + String.join(", ", names) + ". Or ")
                + "import one with 'parallax models import FILE', or give the path to a .gguf file.");
    }

    public Optional<LocalModel> find(String name) throws ModelStoreException {
        String wanted = stripSuffix(name).toLowerCase(Locale.ROOT);
        return list().stream().filter(m -> m.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** The whole header (every metadata key) of a model, for a details view. */
    public GgufFile metadata(LocalModel model) throws ModelStoreException {
        try {
            return GgufReader.read(model.file());
        } catch (GgufException e) {
            throw new ModelStoreException(model.file().getFileName() + " is not a valid GGUF model: " + e.getMessage(), e);
        }
    }

    /**
     * Validates {@code source}, then copies (hashing as it goes) or links it into the store.
     * A copy is written to {@code .incomplete} first and renamed at the end, so a cancelled or failed
     * import leaves nothing half-written behind.
     */
    public LocalModel importFile(Path source, ImportMode mode, TaskProgress progress)
            throws ModelStoreException, TaskCancelledException {
        Path src = source.toAbsolutePath().normalize();
        if (Files.isDirectory(src)) {
            throw new ModelStoreException(src + " is a folder; give the .gguf file inside it");
        }
        if (!Files.isRegularFile(src)) {
            throw new ModelStoreException("file not found: " + src);
        }
        ModelFacts facts = validate(src);
        alreadyImported(src, progress);
        Path target = freeName(root.resolve(IMPORTED), stripSuffix(src.getFileName().toString()));
        try {
            Files.createDirectories(target.getParent());
            long size = Files.size(src);
            String sha;
            if (mode == ImportMode.LINK) {
                sha = hash(src, null, size, progress);
                Files.createSymbolicLink(target, src);
            } else {
                checkFreeSpace(target.getParent(), size);
                Path partial = target.resolveSibling(target.getFileName() + ".incomplete");
                try {
                    sha = hash(src, partial, size, progress);
                    move(partial, target);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            index.put(target, new ModelIndex.Entry(Files.size(target), modified(target), sha, facts));
            return describe(target, true);
        } catch (IOException e) {
            throw new ModelStoreException("could not import " + src.getFileName() + ": " + describe(e), e);
        }
    }

    /**
     * Adds a file already placed in the store (a finished download) with the hash it was verified
     * against, so it is not read twice. The file is validated first.
     */
    public LocalModel register(Path file, String sha256) throws ModelStoreException {
        Path target = file.toAbsolutePath().normalize();
        if (!isInStore(target)) {
            throw new ModelStoreException(target + " is not inside the model store " + root);
        }
        ModelFacts facts = validate(target);
        try {
            index.put(target, new ModelIndex.Entry(Files.size(target), modified(target), sha256, facts));
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + target + ": " + describe(e), e);
        }
        return describe(target, true);
    }

    /** Removes an imported model (the link only, for a linked one). */
    public void delete(LocalModel model) throws ModelStoreException {
        if (!isInStore(model.file())) {
            throw new ModelStoreException(model.file() + " is not in the model store; Parallax deletes only models it imported.");
        }
        try {
            Files.deleteIfExists(model.file());
            index.remove(model.file());
        } catch (IOException e) {
            throw new ModelStoreException("could not delete " + model.name() + ": " + describe(e), e);
        }
    }

    /** Validates a file as GGUF without importing it. */
    public ModelFacts validate(Path file) throws ModelStoreException {
        try {
            return ModelFacts.of(GgufReader.read(file));
        } catch (GgufException e) {
            throw new ModelStoreException(file.getFileName() + " is not a valid GGUF model: " + e.getMessage(), e);
        }
    }

    private LocalModel describe(Path file, boolean hashIfUnknown) throws ModelStoreException {
        try {
            long size = Files.size(file);
            long modified = modified(file);
            Optional<ModelIndex.Entry> known = index.lookup(file, size, modified);
            ModelFacts facts = known.isPresent() ? known.get().facts() : validate(file);
            String sha = known.map(ModelIndex.Entry::sha256).orElse("");
            if (sha.isEmpty() && hashIfUnknown) {
                sha = hash(file, null, size, TaskProgress.none());
            }
            if (known.isEmpty() || !sha.equals(known.get().sha256())) {
                index.put(file, new ModelIndex.Entry(size, modified, sha, facts));
            }
            return new LocalModel(stripSuffix(file.getFileName().toString()), file, size,
                    sha.isEmpty() ? Optional.empty() : Optional.of(sha), facts, isInStore(file));
        } catch (NoSuchFileException e) {
            throw new ModelStoreException("model file not found: " + file, e);
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + file + ": " + describe(e), e);
        } catch (TaskCancelledException e) {
            throw new IllegalStateException("hashing without a cancel button was cancelled", e);
        }
    }

    private boolean isInStore(Path file) {
        return file.toAbsolutePath().normalize().startsWith(root);
    }

    /**
     * Refuses a file the store already holds: same size as a stored model, then the same SHA-256 (read only when the
     * size matches, so a new model is read once, as before). A second copy of several gigabytes helps no one.
     */
    private void alreadyImported(Path src, TaskProgress progress) throws ModelStoreException, TaskCancelledException {
        try {
            long size = Files.size(src);
            List<LocalModel> sameSize = list().stream()
                    .filter(m -> m.sizeBytes() == size && m.sha256().isPresent()).toList();
            if (sameSize.isEmpty()) {
                return;
            }
            progress.message("Comparing " + src.getFileName() + " with the models already imported");
            String sha = hash(src, null, size, progress);
            Optional<LocalModel> same = sameSize.stream().filter(m -> m.sha256().get().equals(sha)).findFirst();
            if (same.isPresent()) {
                throw new AlreadyImportedException(src.getFileName().toString(), same.get());
            }
        } catch (IOException e) {
            throw new ModelStoreException("could not import " + src.getFileName() + ": " + describe(e), e);
        }
    }

    /** Reads {@code src} once, hashing it and (when {@code copyTo} is given) writing the copy. */
    private static String hash(Path src, Path copyTo, long size, TaskProgress progress)
            throws IOException, TaskCancelledException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 20];
        long done = 0;
        try (InputStream in = Files.newInputStream(src);
             OutputStream out = copyTo == null ? OutputStream.nullOutputStream() : Files.newOutputStream(copyTo)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                done += n;
                progress.progress(done, size);
                if (progress.isCancelled()) {
                    throw new TaskCancelledException("importing " + src.getFileName());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void checkFreeSpace(Path dir, long needed) throws ModelStoreException, IOException {
        FileStore store = Files.getFileStore(dir);
        long free = store.getUsableSpace();
        if (free < needed) {
            throw new ModelStoreException(String.format(Locale.ROOT,
                    "not enough disk space in %s: the model needs %s, %s are free", dir, bytes(needed), bytes(free)));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static Path freeName(Path dir, String stem) {
        Path candidate = dir.resolve(stem + SUFFIX);
        for (int i = 2; Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = dir.resolve(stem + "-" + i + SUFFIX);
        }
        return candidate;
    }

    private static long modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    private static Path pathOrNull(String text) {
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stripSuffix(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    private static String describe(IOException e) {
        return FileErrors.inWords(e);
    }

    static String bytes(long n) {
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", n / (double) (1L << 10));
        return n + " B";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
