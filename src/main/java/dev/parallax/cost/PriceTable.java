package dev.parallax.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The prices Parallax computes cloud costs with: the dated table bundled in the jar
 * ({@code assets/prices.json}), with the user's overrides ({@code config.json}, section {@code prices}) on top.
 * A model that is in neither has no price, and its runs have no cost: unknown, never zero.
 */
public final class PriceTable {

    public static final String RESOURCE = "/dev/parallax/cost/prices.json";
    static final String SECTION = "prices";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** A dated or "latest" suffix: gpt-4o-mini-2024-07-18, claude-3-5-haiku-20241022, x-latest, -001. */
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest|00\\d)$");

    private final List<Price> bundled;
    private final String bundledAsOf;
    private final Optional<ConfigFile> settings;

    private PriceTable(List<Price> bundled, String bundledAsOf, Optional<ConfigFile> settings) {
        this.bundled = List.copyOf(bundled);
        this.bundledAsOf = bundledAsOf;
        this.settings = settings;
    }

    /** The bundled table, with overrides read from and written to {@code settings}. */
    public static PriceTable load(ConfigFile settings) {
        return fromResource(Optional.of(settings));
    }

    /** The bundled table alone. */
    public static PriceTable bundled() {
        return fromResource(Optional.empty());
    }

    private static PriceTable fromResource(Optional<ConfigFile> settings) {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the application");
            }
            JsonNode root = JSON.readTree(in);
            List<Price> prices = new ArrayList<>();
            for (JsonNode n : root.path("models")) {
                prices.add(parse(n, false));
            }
            return new PriceTable(prices, root.path("as_of").asText(""), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled price table: " + e.getMessage(), e);
        }
    }

    /** The date of the bundled table. */
    public String asOf() {
        return bundledAsOf;
    }

    /** Every price in effect: overrides first replace the bundled entry of the same provider and model. */
    public List<Price> list() {
        Map<String, Price> byKey = new LinkedHashMap<>();
        for (Price p : bundled) {
            byKey.put(key(p.provider(), p.model()), p);
        }
        for (Price p : overrides()) {
            byKey.put(key(p.provider(), p.model()), p);
        }
        return List.copyOf(byKey.values());
    }

    /**
     * The price of {@code model} at {@code provider}: by name or alias, else by the name without a version
     * suffix (a provider may answer for "gpt-4o-mini" with "gpt-4o-mini-2024-07-18").
     */
    public Optional<Price> find(String provider, String model) {
        List<Price> all = list();
        String p = provider.toLowerCase(Locale.ROOT);
        List<Price> ofProvider = all.stream().filter(x -> x.provider().toLowerCase(Locale.ROOT).equals(p)).toList();
        for (Price x : ofProvider) {
            if (x.names(model)) {
                return Optional.of(x);
            }
        }
        String base = VERSION_SUFFIX.matcher(model).replaceFirst("");
        for (Price x : ofProvider) {
            if (x.names(base) || VERSION_SUFFIX.matcher(x.model()).replaceFirst("").equalsIgnoreCase(base)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /** The user's overrides, in the order they were written. */
    public List<Price> overrides() {
        if (settings.isEmpty()) {
            return List.of();
        }
        List<Price> out = new ArrayList<>();
        settings.get().section(SECTION).ifPresent(section -> {
            for (JsonNode n : section.path("overrides")) {
                try {
                    out.add(parse(reparse(n), true));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("A price override in " + settings.get().path() + " is not valid ("
                            + e.getMessage() + "): " + n, e);
                }
            }
        });
        return out;
    }

    /** Adds or replaces the user's price for one provider and model. */
    public void override(Price price) {
        ConfigFile file = settings.orElseThrow(() -> new IllegalStateException("this price table has no settings file"));
        List<Price> kept = new ArrayList<>(overrides());
        kept.removeIf(p -> key(p.provider(), p.model()).equals(key(price.provider(), price.model())));
        kept.add(price);
        write(file, kept);
    }

    /** Removes the user's price for one provider and model; false when there was none. */
    public boolean removeOverride(String provider, String model) {
        ConfigFile file = settings.orElseThrow(() -> new IllegalStateException("this price table has no settings file"));
        List<Price> kept = new ArrayList<>(overrides());
        boolean removed = kept.removeIf(p -> key(p.provider(), p.model()).equals(key(provider, model)));
        if (removed) {
            write(file, kept);
        }
        return removed;
    }

    private static void write(ConfigFile file, List<Price> prices) {
        ObjectNode section = JSON.createObjectNode();
        ArrayNode array = section.putArray("overrides");
        for (Price p : prices) {
            ObjectNode o = array.addObject();
            o.put("provider", p.provider());
            o.put("model", p.model());
            if (!p.aliases().isEmpty()) {
                ArrayNode a = o.putArray("aliases");
                p.aliases().forEach(a::add);
            }
            o.put("input", p.input());
            o.put("output", p.output());
            if (p.cachedInput().isPresent()) {
                o.put("cached_input", p.cachedInput().get());
            } else {
                o.putNull("cached_input");
            }
            if (p.contextWindow().isPresent()) {
                o.put("context_window", p.contextWindow().getAsInt());
            }
            o.put("source", p.source());
            o.put("as_of", p.asOf());
        }
        file.writeSection(SECTION, section);
    }

    private static JsonNode reparse(JsonNode n) {
        try {
            return JSON.readTree(n.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Price parse(JsonNode n, boolean overridden) {
        List<String> aliases = new ArrayList<>();
        n.path("aliases").forEach(a -> aliases.add(a.asText()));
        JsonNode cached = n.get("cached_input");
        JsonNode ctx = n.get("context_window");
        return new Price(text(n, "provider"), text(n, "model"), aliases, decimal(n, "input"), decimal(n, "output"),
                cached == null || cached.isNull() ? Optional.empty() : Optional.of(cached.decimalValue()),
                ctx == null || ctx.isNull() ? OptionalInt.empty() : OptionalInt.of(ctx.asInt()),
                n.path("source").asText(""), n.path("as_of").asText(""), overridden);
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number of US dollars per million tokens");
        }
        return v.decimalValue();
    }

    private static String key(String provider, String model) {
        return provider.toLowerCase(Locale.ROOT) + ":" + model.toLowerCase(Locale.ROOT);
    }
}
