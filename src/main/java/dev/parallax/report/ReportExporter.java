package dev.parallax.report;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a report in one format. */
public interface ReportExporter {

    void write(ReportModel model, OutputStream out) throws IOException;
}
