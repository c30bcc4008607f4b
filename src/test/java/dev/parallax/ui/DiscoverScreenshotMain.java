package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.discover.DiscoverViewModel;
import dev.parallax.ui.shell.Page;
import javafx.scene.control.ListView;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The desktop app as {@code java -jar parallax.jar} starts it, on a fake Hub of its own (127.0.0.1, through
 * HF_ENDPOINT), driven to the state the README's Discover screenshot shows: a search for "smollm" with the
 * filters on (fits this machine, Q4_K_M, supported architecture), SmolLM2 135M opened with its files filtered,
 * and the Q4_K_M file downloading. Prints "ready" when there. The repositories' files are the shared synthetic
 * SmolLM2-shaped model when {@code ../shared/models} has it, else the test fixture's tiny model; the 3B model's
 * parameters are what the fake Hub says of it.
 *
 * <pre>java -cp ... dev.parallax.ui.DiscoverScreenshotMain HOME</pre>
 */
public final class DiscoverScreenshotMain {

    static final String SMOL = "bartowski/SmolLM2-135M-Instruct-GGUF";

    private DiscoverScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path model = TestModels.shared(TestModels.SYNTH_SMOLLM2_Q4_K_M).orElse(TestModels.generatedTinyModel(true));
        Path small = TestModels.shared(TestModels.TINYSTORIES_656K_Q8_0).orElse(TestModels.generatedTinyModel(true));
        FakeHub hub = FakeHub.start();
        hub.repo(SMOL, 412_000, 96, 4).file(SMOL, "SmolLM2-135M-Instruct-Q4_K_M.gguf", model)
                .file(SMOL, "SmolLM2-135M-Instruct-Q8_0.gguf", model).file(SMOL, "SmolLM2-135M-Instruct-f16.gguf", model);
        String smol3 = "HuggingFaceTB/SmolLM3-3B-GGUF";
        hub.repo(smol3, 61_000, 140, 9).gguf(smol3, 3_075_098_624L, "smollm3", 65_536)
                .file(smol3, "SmolLM3-Q4_K_M.gguf", small).file(smol3, "SmolLM3-Q8_0.gguf", small);
        String base = "QuantFactory/SmolLM2-135M-GGUF";
        hub.repo(base, 23_000, 12, 1).file(base, "SmolLM2-135M.Q2_K.gguf", model).file(base, "SmolLM2-135M.Q8_0.gguf", model);
        String cot = "prithivMLmods/SmolLM2-CoT-360M-GGUF";
        hub.repo(cot, 9_400, 21, 2).gguf(cot, 361_821_120L, "llama", 8192)
                .file(cot, "SmolLM2-CoT-360M.Q4_K_M.gguf", small).file(cot, "SmolLM2-CoT-360M.F16.gguf", small);
        String rp = "someone/SmolLM2-1.7B-roleplay-GGUF";
        hub.repo(rp, 1_200, 3, 1).gguf(rp, 1_711_376_384L, "llama", 8192).file(rp, "rp-1.7B-Q5_K_M.gguf", small);
        hub.throttle(1L << 20);

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        AppServices services = new AppServices(new ParallaxHome(Path.of(args[0])), false, env);
        DesktopApp.launch(services, window -> {
            DiscoverViewModel discover = window.discover();
            window.shell().show(Page.DISCOVER);
            discover.searchingProperty().addListener((o, was, now) -> {
                if (was && !now) {
                    discover.fitsOnlyProperty().set(true);
                    discover.quantizationProperty().set("Q4_K_M");
                    discover.supportedOnlyProperty().set(true);
                    discover.results().stream().filter(r -> r.repo().equals(SMOL)).findFirst().ifPresent(row -> {
                        @SuppressWarnings("unchecked")
                        ListView<DiscoverViewModel.ResultRow> list = (ListView<DiscoverViewModel.ResultRow>)
                                window.stage().getScene().lookup("#discover-results");
                        list.getSelectionModel().select(row);
                    });
                }
            });
            discover.loadingRepoProperty().addListener((o, was, now) -> {
                if (was && !now) {
                    discover.downloadSelected();
                    System.out.println("ready");
                    System.out.flush();
                }
            });
            discover.queryProperty().set("smollm");
            discover.search();
        });
    }
}
