package dev.parallax.testing;

import java.nio.file.Path;

/**
 * Runs the fake Hub as a process, for {@code bench/download.sh}: serves one file as
 * {@code REPO/FILE} until killed, and its byte counter at {@code /_fake/stats}.
 *
 * <pre>java -cp ... dev.parallax.testing.FakeHubMain PORT REPO FILE_NAME PATH [THROTTLE_BYTES_PER_SECOND]</pre>
 *
 * With more files ({@code PORT THROTTLE REPO FILE_NAME PATH [REPO FILE_NAME PATH]...}, throttle 0 for none) it
 * serves them all, as for a screenshot of Discover; the first file's link and sha256 are printed.
 */
public final class FakeHubMain {

    private FakeHubMain() {
    }

    public static void main(String[] args) throws Exception {
        FakeHub hub = FakeHub.start(Integer.parseInt(args[0]));
        int first = args.length > 5 ? 2 : 1;
        for (int i = first; i + 2 < args.length; i += 3) {
            // Counters that make search order visible: earlier files' repositories count as more popular.
            long rank = (args.length - i) * 100_000L;
            hub.repo(args[i], rank, rank / 1000, rank / 10_000.0).file(args[i], args[i + 1], Path.of(args[i + 2]));
        }
        long throttle = args.length > 5 ? Long.parseLong(args[1]) : args.length > 4 ? Long.parseLong(args[4]) : 0;
        hub.throttle(throttle);
        System.out.println(hub.endpoint() + "/" + args[first] + "/resolve/main/" + args[first + 1]);
        System.out.println("sha256 " + hub.sha256(args[first], args[first + 1]));
        System.out.flush();
        Thread.currentThread().join();
    }
}
