package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code parallax prices}: the price table cloud costs are computed with. */
@Command(name = "prices", description = "Show the dated price table (US dollars per million tokens).")
final class PricesCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's models.")
    String provider;

    /** At least two decimals: 10.00, 0.30, 0.075. */
    static String money(java.math.BigDecimal v) {
        return (v.scale() < 2 ? v.setScale(2) : v).toPlainString();
    }

    @Override
    public Integer call() throws Exception {
        PriceTable table = root.services().prices();
        List<Price> prices = table.list().stream()
                .filter(p -> provider == null || p.provider().equalsIgnoreCase(provider)).toList();
        PrintWriter out = root.out();
        // A misspelt provider ("--provider opneai") would print an empty table and exit 0.
        if (prices.isEmpty() && provider != null && !provider.equalsIgnoreCase("local")
                && root.services().providers().find(provider).isEmpty()) {
            throw new CliFailure(root.services().providers().unknown(provider));
        }
        if (json) {
            ArrayNode array = RunJson.JSON.createArrayNode();
            for (Price p : prices) {
                ObjectNode o = array.addObject();
                o.put("provider", p.provider());
                o.put("model", p.model());
                ArrayNode aliases = o.putArray("aliases");
                p.aliases().forEach(aliases::add);
                o.put("input_usd_per_mtok", p.input());
                o.put("output_usd_per_mtok", p.output());
                if (p.cachedInput().isPresent()) {
                    o.put("cached_input_usd_per_mtok", p.cachedInput().get());
                } else {
                    o.putNull("cached_input_usd_per_mtok");
                }
                if (p.contextWindow().isPresent()) {
                    o.put("context_window", p.contextWindow().getAsInt());
                } else {
                    o.putNull("context_window");
                }
                o.put("source", p.source());
                o.put("as_of", p.asOf());
                o.put("overridden", p.overridden());
            }
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return 0;
        }
        if (prices.isEmpty() && provider != null) {
            out.println("The price table (as of " + table.asOf() + ") has no models of " + provider
                    + "; add a price in config.json, section \"prices\".");
            return 0;
        }
        out.printf(Locale.ROOT, "%-13s %-44s %9s %9s %9s %9s  %s%n", "PROVIDER", "MODEL", "INPUT", "OUTPUT", "CACHED",
                "CONTEXT", "AS OF");
        for (Price p : prices) {
            out.printf(Locale.ROOT, "%-13s %-44s %9s %9s %9s %9s  %s%s%n", p.provider(), p.model(),
                    money(p.input()), money(p.output()), p.cachedInput().map(PricesCommand::money).orElse("-"),
                    p.contextWindow().isPresent() ? Integer.toString(p.contextWindow().getAsInt()) : "-",
                    p.asOf(), p.overridden() ? "  (your override)" : "");
        }
        out.println();
        out.println("US dollars per million tokens, list prices as of " + table.asOf()
                + " (not checked online since; override in config.json, section \"prices\"). "
                + "A model not listed has no price: its runs' cost is unknown.");
        return 0;
    }
}
