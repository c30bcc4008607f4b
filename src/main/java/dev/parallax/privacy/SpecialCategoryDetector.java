package dev.parallax.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
        readTsv(KEYWORDS, (category, regex) -> phrases.add(new Phrase(category,
                Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))));
        List<String> cueWords = new ArrayList<>();
        readTsv(CUES, (category, regex) -> cueWords.add(regex));
        this.cues = Pattern.compile("\\b(?:" + String.join("|", cueWords) + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Whether a sentence uses a word of some special category, so that the sentence model should look at it. */
    boolean hasCue(String sentence) {
        return cues.matcher(sentence).find() || PEOPLE_ADJECTIVE.matcher(sentence).find();
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
        // A model that cannot load is a broken gate, even for a text it would not have been asked about.
        encoder();
        List<Finding> found = new ArrayList<>();
        List<Sentences.Span> candidates = new ArrayList<>();
        for (Sentences.Span s : Sentences.split(text)) {
            String sentence = s.of(text);
            if (!ABOUT_SOMEONE.matcher(sentence).find() && !NAMED_SUBJECT.matcher(sentence).find()) {
                continue;
            }
            boolean said = false;
            for (Phrase p : phrases) {
                if (p.pattern.matcher(sentence).find()) {
                    found.add(new Finding(p.category, s.start(), s.end(), 0.9, "keywords"));
                    said = true;
                    break;
                }
            }
            if (!said && hasCue(sentence)) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return found;
        }
        List<Example> known = examples();
        float[][] vectors = vectors(candidates.stream().map(s -> s.of(text)).toList());
        for (int i = 0; i < vectors.length; i++) {
            Map<EntityType, Double> best = new EnumMap<>(EntityType.class);
            double neutral = -1;
            for (Example e : known) {
                double sim = dot(vectors[i], e.vector);
                if (e.category == null) {
                    neutral = Math.max(neutral, sim);
                } else {
                    best.merge(e.category, sim, Math::max);
                }
            }
            EntityType top = null;
            double score = -1;
            for (var entry : best.entrySet()) {
                if (entry.getValue() > score) {
                    score = entry.getValue();
                    top = entry.getKey();
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
        try {
            return encoder.get();
        } catch (UncheckedDetectorException e) {
            throw e.getCause();
        }
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

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
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
