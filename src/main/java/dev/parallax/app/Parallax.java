package dev.parallax.app;

import dev.parallax.cli.Cli;
import dev.parallax.ui.DesktopApp;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code java -jar parallax.jar}: the desktop window with no arguments, the command line with some. */
public final class Parallax {

    private Parallax() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            ParallaxHome home = ParallaxHome.resolve(Optional.empty(), System.getenv());
            DesktopApp.launch(new AppServices(home, false));
            return;
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.execute(args, AppServices::new, out, err);
        System.exit(code);
    }
}
