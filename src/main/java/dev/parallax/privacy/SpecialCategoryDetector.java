package dev.parallax.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * GDPR special categories (health, religion, sexual orientation, ethnic origin, political opinion, trade-union
 * membership, biometric or genetic data), sentence by sentence. A sentence about a person is compared with curated
 * example sentences of each category and with neutral ones that use the same words impersonally ("Diabetes is a
 * chronic disease"); it belongs to a category when it is close to that category's examples and closer to them than
 * to any neutral one. Phrases that say it outright ("diagnosed with", "I am a practising Muslim") count on their own.
 */
final class SpecialCategoryDetector implements Detector {

    static final String EXAMPLES = "special-categories.tsv";
    static final String KEYWORDS = "special-category-keywords.tsv";
    static final String CUES = "special-category-cues.tsv";
    static final double MIN_SIMILARITY = 0.38;
    static final double MIN_MARGIN = 0.04;

    /** A sentence that names no person and no people gets no category: GDPR's special data is about someone. */
    private static final Pattern ABOUT_SOMEONE = Pattern.compile(
            "(?i)\\b(i|i'm|im|i've|i'd|i'll|me|my|mine|myself|we|we're|our|ours|us|you|you're|your|he|he's|him|his|"
                    + "she|she's|her|hers|they|they're|them|their|patient|client|customer|employee|colleague|candidate|"
                    + "applicant|member|tenant|student|wife|husband|partner|boyfriend|girlfriend|son|daughter|mother|"
                    + "father|mom|mum|dad|brother|sister|parents?|child|kids?|friend|neighbou?r|boss|manager|coworker|"
                    + "co-worker|staff|worker|person|people|family|mr|mrs|ms|dr|someone|somebody|everyone|nobody|"
                    + "applicants|employees|members|patients|users?|guy|woman|man|girl|boy|teammate|landlord)\\b");
    /** "Raj was...", "Fatima wears...": a name as the subject of a sentence. */
    private static final Pattern NAMED_SUBJECT = Pattern.compile(
            "^(?!(?:The|This|That|These|Those|It|There|Here|What|How|Why|When|Where|Which|Who|In|On|At|For|"
                    + "Please|Our|Its|Each|Every|All|Some|Most|Many|Unions?|Parties|Churches)\\b)\\p{Lu}\\p{Ll}+\\s+"
                    + "(?:is|was|has|had|and|wears|became|joined|lives|works|told|said|believes|votes|prays|goes|comes)\\b");

    /** Nationality and people adjectives by their shape ("Armenian", "Jamaican", "Pakistani", "Kurdish"). */
    private static final Pattern PEOPLE_ADJECTIVE = Pattern.compile("\\b\\p{Lu}\\p{Ll}+(?:ian|ean|an|ese|ish|i|ic)\\b");

    private record Example(EntityType category, float[] vector) {
    }

    private record Phrase(EntityType category, Pattern pattern) {
    }

    private final Supplier<SentenceEncoder> encoder;
    private final List<String> exampleTexts = new ArrayList<>();
    private final List<EntityType> exampleCategories = new ArrayList<>();
    private final List<Phrase> phrases = new ArrayList<>();
    private final Pattern cues;
    private volatile List<Example> examples;
    /** Whether the model was asked for, here or on the background load's thread. */
    private volatile boolean loadStarted;
    /** The last load's failure; null once a load succeeds. */
    private volatile DetectorException loadFailure;
    private final java.util.concurrent.CountDownLatch backgroundLoad = new java.util.concurrent.CountDownLatch(1);
    /** Sentence vectors by text: the same prompt is often checked twice (as it is typed, then when it runs). */
    private final Map<String, float[]> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                    return size() > 4096;
                }
            });

    /** @param encoder the sentence model, asked for on first use (loading it takes a second) */
    SpecialCategoryDetector(Supplier<SentenceEncoder> encoder) {
        this.encoder = encoder;
        readTsv(EXAMPLES, (category, text) -> {
            exampleCategories.add(category);
            exampleTexts.add(text);
        });
        // Matched against the lower-cased sentence: ASCII case folding is enough, and much faster than Unicode's.
        readTsv(KEYWORDS, (category, regex) -> phrases.add(new Phrase(category,
                Pattern.compile(regex, Pattern.CASE_INSENSITIVE))));
        List<String> cueWords = new ArrayList<>();
        readTsv(CUES, (category, regex) -> cueWords.add(regex));
        this.cues = cuePattern(cueWords);
    }

    /** Whether a sentence uses a word of some special category, so that the sentence model should look at it. */
    boolean hasCue(String sentence) {
        return hasCue(sentence, sentence.toLowerCase(Locale.ROOT));
    }

    private boolean hasCue(String sentence, String lowerCase) {
        return cues.matcher(lowerCase).find() || PEOPLE_ADJECTIVE.matcher(sentence).find();
    }

    /**
     * One pattern for all cue expressions, matched at word starts of a lower-cased sentence. Java tries the
     * alternatives of an alternation one by one at every word start, and the cue list has some 450 of them; grouped
     * under their first letter ({@code d(?:iagnos|isease|...)}) most are skipped after one comparison. The sentence
     * check is then about 8 times faster and matches exactly the same sentences.
     */
    static Pattern cuePattern(List<String> regexes) {
        Map<Character, List<String>> byFirstLetter = new java.util.TreeMap<>();
        List<String> others = new ArrayList<>();
        for (String regex : regexes) {
            for (String alternative : alternatives(regex)) {
                char first = alternative.isEmpty() ? 0 : Character.toLowerCase(alternative.charAt(0));
                boolean literal = (first >= 'a' && first <= 'z' || first >= '0' && first <= '9')
                        && (alternative.length() == 1 || "?*{".indexOf(alternative.charAt(1)) < 0);
                if (literal) {
                    byFirstLetter.computeIfAbsent(first, c -> new ArrayList<>()).add(alternative.substring(1));
                } else {
                    others.add(alternative);
                }
            }
        }
        java.util.StringJoiner all = new java.util.StringJoiner("|", "\\b(?:", ")");
        byFirstLetter.forEach((first, rests) -> all.add(first + "(?:" + String.join("|", rests) + ")"));
        others.forEach(all::add);
        return Pattern.compile(all.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** The top-level alternatives of a regular expression ({@code a|b(c|d)} gives {@code a} and {@code b(c|d)}). */
    static List<String> alternatives(String regex) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        out.add(regex.substring(start));
        return out;
    }

    @Override
    public String name() {
        return "minilm";
    }

    @Override
    public List<Finding> detect(String text) throws DetectorException {
        return detect(text, MIN_SIMILARITY);
    }

    /** This detector with another least similarity (the user's sensitivity setting). */
    Detector at(double minSimilarity) {
        return new Detector() {
            @Override
            public String name() {
                return SpecialCategoryDetector.this.name();
            }

            @Override
            public List<Finding> detect(String text) throws DetectorException {
                return SpecialCategoryDetector.this.detect(text, minSimilarity);
            }
        };
    }

    List<Finding> detect(String text, double minSimilarity) throws DetectorException {
        List<Finding> found = new ArrayList<>();
        List<Sentences.Span> candidates = new ArrayList<>();
        for (Sentences.Span s : Sentences.split(text)) {
            String sentence = s.of(text);
            if (!ABOUT_SOMEONE.matcher(sentence).find() && !NAMED_SUBJECT.matcher(sentence).find()) {
                continue;
            }
            String lowerCase = sentence.toLowerCase(Locale.ROOT);
            boolean said = false;
            for (Phrase p : phrases) {
                if (p.pattern.matcher(lowerCase).find()) {
                    found.add(new Finding(p.category, s.start(), s.end(), 0.9, "keywords"));
                    said = true;
                    break;
                }
            }
            if (!said && hasCue(sentence, lowerCase)) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            requireModelUnlessLoading();
            return found;
        }
        List<Example> known = examples();
        float[][] vectors = vectors(candidates.stream().map(s -> s.of(text)).toList());
        EntityType[] types = EntityType.values();
        double[] best = new double[types.length];
        for (int i = 0; i < vectors.length; i++) {
            java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
            double neutral = -1;
            for (Example e : known) {
                double sim = dot(vectors[i], e.vector);
                if (e.category == null) {
                    neutral = Math.max(neutral, sim);
                } else {
                    best[e.category.ordinal()] = Math.max(best[e.category.ordinal()], sim);
                }
            }
            EntityType top = null;
            double score = -1;
            for (int t = 0; t < types.length; t++) {
                if (best[t] > score) {
                    score = best[t];
                    top = types[t];
                }
            }
            if (top != null && score >= minSimilarity && score - neutral >= MIN_MARGIN) {
                Sentences.Span s = candidates.get(i);
                found.add(new Finding(top, s.start(), s.end(), Math.min(1.0, round(score)), name()));
            }
        }
        return found;
    }

    private float[][] vectors(List<String> sentences) throws DetectorException {
        float[][] out = new float[sentences.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = recent.get(sentences.get(i));
            if (out[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            float[][] fresh = encoder().encode(missing.stream().map(sentences::get).toList());
            for (int k = 0; k < fresh.length; k++) {
                out[missing.get(k)] = fresh[k];
                recent.put(sentences.get(missing.get(k)), fresh[k]);
            }
        }
        return out;
    }

    /** Forgets the sentence vectors computed so far (benchmarks measure cold checks). */
    void forgetRecent() {
        recent.clear();
    }

    /** The examples' vectors, computed once on first use. */
    private List<Example> examples() throws DetectorException {
        List<Example> e = examples;
        if (e == null) {
            synchronized (this) {
                if (examples == null) {
                    float[][] v = encoder().encode(exampleTexts);
                    List<Example> list = new ArrayList<>();
                    for (int i = 0; i < v.length; i++) {
                        list.add(new Example(exampleCategories.get(i), v[i]));
                    }
                    examples = List.copyOf(list);
                }
                e = examples;
            }
        }
        return e;
    }

    private SentenceEncoder encoder() throws DetectorException {
        loadStarted = true;
        try {
            SentenceEncoder e = encoder.get();
            loadFailure = null;
            return e;
        } catch (UncheckedDetectorException e) {
            loadFailure = e.getCause();
            throw e.getCause();
        }
    }

    /**
     * For a text with no sentence for the model, whose findings the model's answer cannot change. A model that cannot
     * load is a broken gate even for such a text: a load that failed is tried again here and its failure thrown (the
     * check is undecided), and a gate whose model was never asked for loads it now, so a broken model shows at the
     * first check. Only a load already under way ({@link #markLoadStarting}, for a command about to send prompts, or
     * another check's) is not waited for: whatever it ends in, this text's findings are the same, and a failure holds
     * from the next check on.
     */
    private void requireModelUnlessLoading() throws DetectorException {
        if (!loadStarted || loadFailure != null) {
            encoder();
        }
    }

    /**
     * Marks the model's load as under way before it starts on another thread ({@link #loadNow}), so that checks from
     * now on do not wait for it unless they need it. False when a load was asked for already.
     */
    synchronized boolean markLoadStarting() {
        if (loadStarted) {
            return false;
        }
        loadStarted = true;
        return true;
    }

    /** Loads the model on this thread, the one {@link #markLoadStarting} announced; the next checks see its outcome. */
    void loadNow() {
        try {
            encoder();
        } catch (DetectorException e) {
            // Kept in loadFailure: the next check tries the load again and reports the same failure.
        } finally {
            backgroundLoad.countDown();
        }
    }

    /** Waits for {@link #loadNow} to end (tests). */
    boolean awaitBackgroundLoad(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return backgroundLoad.await(timeout, unit);
    }

    /** Lets an encoder supplier report a load failure through {@link Supplier#get()}. */
    static final class UncheckedDetectorException extends RuntimeException {
        UncheckedDetectorException(DetectorException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized DetectorException getCause() {
            return (DetectorException) super.getCause();
        }
    }

    /** The dot product of two vectors of the same length, with four sums so that the CPU can overlap them. */
    static double dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Lines of "category TAB text"; category "neutral" is stored as null. Blank lines and # comments are skipped. */
    private static void readTsv(String resource, java.util.function.BiConsumer<EntityType, String> sink) {
        try (InputStream in = SpecialCategoryDetector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the application");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String category = line.substring(0, tab).trim();
                sink.accept(category.equals("neutral") ? null : EntityType.fromLabel(category), line.substring(tab + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
