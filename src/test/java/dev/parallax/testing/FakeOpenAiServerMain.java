package dev.parallax.testing;

/**
 * A {@link FakeOpenAiServer} in a process of its own, for benchmarks that should not count the server's CPU:
 * prints {@code LISTENING http://127.0.0.1:PORT/v1} and serves until its standard input closes, then prints
 * {@code REQUESTS n MAX_CONCURRENT m}. Args: [firstMs=50] [tokens=20] [gapMs=2].
 */
public final class FakeOpenAiServerMain {

    private FakeOpenAiServerMain() {
    }

    public static void main(String[] args) throws Exception {
        double firstMs = args.length > 0 ? Double.parseDouble(args[0]) : 50;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double gapMs = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        try (FakeOpenAiServer server = new FakeOpenAiServer(firstMs, tokens, gapMs)) {
            System.out.println("LISTENING " + server.base());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serving until the parent closes our input.
            }
            System.out.println("REQUESTS " + server.requests() + " MAX_CONCURRENT " + server.maxConcurrent());
        }
    }
}
