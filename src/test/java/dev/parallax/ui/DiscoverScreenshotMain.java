package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.ui.discover.DiscoverViewModel;
import dev.parallax.ui.shell.Page;
import javafx.scene.control.ListView;

import java.nio.file.Path;

/**
 * The desktop app as {@code java -jar parallax.jar} starts it, driven to the state the README's Discover
 * screenshot shows: a search on the Hub (HF_ENDPOINT), a repository opened with its files judged, the
 * chosen file's header read, and its download under way. Prints "ready" when there.
 *
 * <pre>HF_ENDPOINT=http://127.0.0.1:PORT java -cp ... dev.parallax.ui.DiscoverScreenshotMain HOME QUERY REPO [QUANT]</pre>
 */
public final class DiscoverScreenshotMain {

    private DiscoverScreenshotMain() {
    }

    public static void main(String[] args) {
        AppServices services = new AppServices(new ParallaxHome(Path.of(args[0])), false);
        String query = args[1];
        String repo = args[2];
        DesktopApp.launch(services, window -> {
            DiscoverViewModel discover = window.discover();
            window.shell().show(Page.DISCOVER);
            discover.searchingProperty().addListener((o, was, now) -> {
                if (was && !now) {
                    discover.results().stream().filter(r -> r.repo().equals(repo)).findFirst().ifPresent(row -> {
                        @SuppressWarnings("unchecked")
                        ListView<DiscoverViewModel.ResultRow> list = (ListView<DiscoverViewModel.ResultRow>)
                                window.stage().getScene().lookup("#discover-results");
                        list.getSelectionModel().select(row);
                    });
                }
            });
            discover.loadingRepoProperty().addListener((o, was, now) -> {
                if (was && !now) {
                    if (args.length > 3) {
                        discover.files().stream().filter(f -> f.quantization().equals(args[3])).findFirst()
                                .ifPresent(discover.selectedFileProperty()::set);
                    }
                    discover.loadDetails();
                }
            });
            discover.detailsProperty().addListener((o, a, d) -> {
                if (d != null) {
                    discover.downloadSelected();
                    System.out.println("ready");
                    System.out.flush();
                }
            });
            discover.queryProperty().set(query);
            discover.search();
        });
    }
}
