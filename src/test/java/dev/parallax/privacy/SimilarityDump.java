package dev.parallax.privacy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Prints, for each corpus sentence, its best category, that score and the best neutral score (a tuning aid). */
public final class SimilarityDump {
    public static void main(String[] args) throws Exception {
        SentenceEncoder enc = TestEncoder.shared().get();
        List<String> cats = new ArrayList<>();
        List<String> ex = new ArrayList<>();
        try (InputStream in = SpecialCategoryDetector.class.getResourceAsStream(SpecialCategoryDetector.EXAMPLES)) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (l.isBlank() || l.startsWith("#")) continue;
                int t = l.indexOf('\t');
                cats.add(l.substring(0, t));
                ex.add(l.substring(t + 1));
            }
        }
        float[][] ev = enc.encode(ex);
        List<String> lines;
        try (InputStream in = SimilarityDump.class.getResourceAsStream("/privacy/special-categories.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        for (String l : lines) {
            int t = l.indexOf('\t');
            float[] v = enc.encode(List.of(l.substring(t + 1)))[0];
            String best = "";
            double bs = -1, neutral = -1;
            for (int i = 0; i < ev.length; i++) {
                double s = 0;
                for (int d = 0; d < v.length; d++) s += v[d] * ev[i][d];
                if (cats.get(i).equals("neutral")) neutral = Math.max(neutral, s);
                else if (s > bs) { bs = s; best = cats.get(i); }
            }
            System.out.printf("%-18s %-18s %.3f %.3f %+.3f  %s%n", l.substring(0, t), best, bs, neutral, bs - neutral, l.substring(t + 1));
        }
    }
}
