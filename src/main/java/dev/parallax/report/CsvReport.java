package dev.parallax.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One line per run (RFC 4180, UTF-8); {@code target} ran it, {@code requested_target} is the one the statistics count it
 * under (they differ when the privacy gate sent a prompt to a local model). A cell that starts with =, +, -, @, tab or carriage return gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
 */
final class CsvReport implements ReportExporter {

    static final List<String> COLUMNS = List.of("report", "source_id", "row", "target", "repeat", "run_id", "status",
            "ttft_ms", "total_ms", "tokens_per_second", "prompt_tokens", "completion_tokens", "cost_usd", "privacy_action",
            "prompt", "output", "error", "requested_target");

    @Override
    public void write(ReportModel m, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        line(w, COLUMNS);
        for (ReportRow r : m.rows()) {
            line(w, List.of(m.kind().label(), m.sourceId(), r.row() == 0 ? "" : Integer.toString(r.row()), r.target(),
                    Integer.toString(r.repeat()), r.runId(), r.status(), num(r.ttftMs()),
                    String.format(Locale.ROOT, "%.3f", r.totalMs()), num(r.tokensPerSecond()),
                    Integer.toString(r.promptTokens()), Integer.toString(r.completionTokens()),
                    r.costUsd().map(BigDecimal::toPlainString).orElse(""), r.privacy().orElse(""), r.prompt(), r.output(),
                    r.error().orElse(""), r.requestedTarget()));
        }
        w.flush();
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "";
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(cells.get(i)));
        }
        w.write("\r\n");
    }

    /** A cell neutralised against formula injection and quoted when it needs to be. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
