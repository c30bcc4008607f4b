package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Looks at a prompt before it may leave the machine: every detector over the text, the findings merged, and the
 * policy's decision for each destination. Detectors that fail, settings that cannot be read, a sentence model that
 * does not load: each makes the assessment undecided, and an undecided prompt goes nowhere but this machine.
 */
public final class PrivacyGate {

    private final PrivacySettings settings;
    private final Supplier<SentenceEncoder> encoder;
    private final Supplier<List<Destination>> destinations;
    private final Supplier<Optional<NameCheck>> nameCheck;
    private final SpecialCategoryDetector specialCategories;
    private final List<Detector> fixed = List.of(new EmailDetector(), new PaymentCardDetector(), new IbanDetector(),
            new SsnDetector(), new NetworkAddressDetector(), new SecretDetector());
    /** Runs the sentence model while the calling thread runs the pattern detectors; its threads end when idle. */
    private final ExecutorService alongside = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "privacy-gate-sentences");
                t.setDaemon(true);
                return t;
            });
    private PrivacyConfig detectorsFor;
    private List<Detector> configured = List.of();

    /**
     * @param encoder      the sentence model; a supplier that fails (see {@link SentenceEncoders}) makes checks
     *                     undecided
     * @param destinations the providers a prompt could go to (without {@code local}, which is always there)
     * @param nameCheck    the local model's name check, when one can be built
     */
    public PrivacyGate(PrivacySettings settings, Supplier<SentenceEncoder> encoder, Supplier<List<Destination>> destinations,
                       Supplier<Optional<NameCheck>> nameCheck) {
        this.settings = settings;
        this.encoder = encoder;
        this.destinations = destinations;
        this.nameCheck = nameCheck;
        this.specialCategories = new SpecialCategoryDetector(encoder);
    }

    /**
     * Starts loading the sentence model on a thread of its own, for a command that is about to send prompts: the model
     * takes 0.3 to 0.7 s to load, which then overlaps with opening the database and reading a dataset instead of
     * holding back the first prompt. A check that has a sentence for the model waits for this load; a check that has
     * none goes on without it while it is under way (the model's answer could not change its findings). A load that
     * failed makes every later check try it again and, failing again, undecided (fail closed). The pattern detectors
     * run once over a sample text first, for the same reason. Later calls do nothing.
     */
    public void prepareInBackground() {
        if (!specialCategories.markLoadStarting()) {
            return;
        }
        Thread t = new Thread(() -> {
            warmUpPatterns();
            specialCategories.loadNow();
        }, "privacy-gate-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** A text for every pattern detector to work through once: an address, a phone number, a card, an IBAN, a key. */
    private static final String WARM_UP = "Mail jane.doe@example.org or call +44 20 7946 0958; "
            + "card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, host 192.168.1.10, "
            + "key sk-abcdefghijklmnopqrstuvwx.";

    /**
     * Runs the fixed pattern detectors over {@link #WARM_UP}, so that the first real check does not carry their class
     * loading and metadata (the phone numbers' especially: 20 to 30 ms). Results and failures are dropped: a detector
     * that fails here fails the real check again, which then reports it.
     */
    private void warmUpPatterns() {
        for (Detector d : fixed) {
            try {
                d.detect(WARM_UP);
            } catch (DetectorException | RuntimeException e) {
                // The real check runs the detector again and reports what it says.
            }
        }
    }

    /** Waits for the load {@link #prepareInBackground()} started to end (tests). */
    boolean awaitPrepared(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return specialCategories.awaitBackgroundLoad(timeout, unit);
    }

    /** Forgets cached sentence vectors, so the next check is as slow as a first one (benchmarks). */
    void forgetRecent() {
        specialCategories.forgetRecent();
    }

    public PrivacySettings settings() {
        return settings;
    }

    /** The providers a prompt could go to now (without {@code local}). */
    public List<Destination> destinations() {
        return destinations.get();
    }

    /** Checks a prompt for every destination under the saved policy, unlabelled and without an override. */
    public Assessment check(String prompt) {
        return check(List.of(prompt), PrivacyLabel.UNLABELLED, Optional.empty());
    }

    /**
     * Checks the texts of one run (system prompt, messages) as one: finding spans are relative to each text, in
     * order; use {@link #scan(List)} for per-text findings.
     */
    public Assessment check(List<String> texts, PrivacyLabel label, Optional<PrivacyAction> override) {
        return check(texts, label, override, Dismissals.none());
    }

    /** As {@link #check(List, PrivacyLabel, Optional)}, ignoring the values dismissed in {@code dismissals}. */
    public Assessment check(List<String> texts, PrivacyLabel label, Optional<PrivacyAction> override,
                            Dismissals dismissals) {
        Scan scan = scan(texts, dismissals);
        List<Finding> all = new ArrayList<>();
        scan.perText.forEach(all::addAll);
        Map<String, Decision> decisions = new LinkedHashMap<>();
        List<Destination> where = new ArrayList<>();
        where.add(Destination.LOCAL);
        where.addAll(destinations.get());
        PrivacyPolicy policy = scan.config.map(PrivacyConfig::policy).orElse(PrivacyPolicy.defaults());
        for (Destination d : where) {
            decisions.putIfAbsent(d.provider(), dismissedRule(policy.decide(d, all, scan.undecided, label, override),
                    scan.dismissed));
        }
        return new Assessment(all, scan.dismissed, decisions, scan.undecided, scan.nameCheck, scan.gateMs);
    }

    /** A prompt that is clear only because the user dismissed what was found says so in its rule. */
    public static Decision dismissedRule(Decision d, List<Finding> dismissed) {
        return d.rule().equals("no_findings") && !dismissed.isEmpty()
                ? new Decision(d.provider(), d.action(), "dismissed_by_user") : d;
    }

    /** The findings of each text, without decisions. */
    public Scan scan(List<String> texts) {
        return scan(texts, Dismissals.none());
    }

    /** The findings of each text that still count after {@code dismissals}, and those the user dismissed. */
    public Scan scan(List<String> texts, Dismissals dismissals) {
        long t0 = System.nanoTime();
        Optional<PrivacyConfig> config;
        List<String> problems = new ArrayList<>();
        try {
            config = Optional.of(settings.load());
        } catch (RuntimeException e) {
            config = Optional.empty();
            problems.add(e.getMessage());
        }
        List<Detector> detectors = new ArrayList<>(fixed);
        config.ifPresent(c -> {
            try {
                detectors.addAll(configuredDetectors(c));
            } catch (IllegalArgumentException e) {
                problems.add("the privacy settings are not valid: " + e.getMessage());
            }
        });
        Detector sentences = specialCategories.at(config.map(PrivacyConfig::specialSimilarity)
                .orElse(PrivacyConfig.DEFAULT_SPECIAL_SIMILARITY));
        String nameStatus = "off";
        Optional<NameCheck> names = Optional.empty();
        if (config.isPresent() && config.get().nameCheck()) {
            names = nameCheck.get();
            nameStatus = names.isPresent() ? "on" : "unavailable: no local model is set for the name check";
            if (names.isEmpty()) {
                problems.add("the name check is on but " + nameStatus.substring("unavailable: ".length()));
            }
        }
        List<List<Finding>> perText = new ArrayList<>();
        List<Finding> dismissed = new ArrayList<>();
        for (String text : texts) {
            List<Finding> found = new ArrayList<>();
            // The sentence model takes most of a check: it runs on a second core while this one runs the patterns.
            Future<List<Finding>> special = alongside.submit(() -> sentences.detect(text));
            for (Detector d : detectors) {
                try {
                    found.addAll(d.detect(text));
                } catch (DetectorException | RuntimeException e) {
                    problems.add(d.name() + ": " + e.getMessage());
                }
            }
            try {
                found.addAll(special.get());
            } catch (ExecutionException e) {
                problems.add(sentences.name() + ": " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                special.cancel(true);
                Thread.currentThread().interrupt();
                problems.add(sentences.name() + ": the check was interrupted");
            }
            if (names.isPresent()) {
                try {
                    found.addAll(names.get().find(text));
                } catch (DetectorException | RuntimeException e) {
                    problems.add("name check: " + e.getMessage());
                    nameStatus = "failed: " + e.getMessage();
                }
            }
            Dismissals.Split split = dismissals.split(text, Findings.merge(found));
            perText.add(split.kept());
            dismissed.addAll(split.dismissed());
        }
        Optional<String> undecided = problems.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", problems.stream().distinct().toList()));
        return new Scan(perText, dismissed, undecided, nameStatus, (System.nanoTime() - t0) / 1e6, config);
    }

    /**
     * Findings per text, and whether the gate could decide.
     *
     * @param dismissed the findings whose values the user marked not sensitive in this session; they do not count
     */
    public record Scan(List<List<Finding>> perText, List<Finding> dismissed, Optional<String> undecided, String nameCheck,
                       double gateMs, Optional<PrivacyConfig> config) {
        public Scan {
            perText = perText.stream().map(List::copyOf).toList();
            dismissed = List.copyOf(dismissed);
        }

        public List<Finding> all() {
            return perText.stream().flatMap(List::stream).toList();
        }
    }

    private synchronized List<Detector> configuredDetectors(PrivacyConfig c) {
        if (!c.equals(detectorsFor)) {
            List<Detector> d = new ArrayList<>();
            d.add(new PhoneDetector(c.phoneRegions()));
            if (!c.rules().isEmpty()) {
                d.add(new UserRulesDetector(c.rules()));
            }
            configured = List.copyOf(d);
            detectorsFor = c;
        }
        return configured;
    }
}
