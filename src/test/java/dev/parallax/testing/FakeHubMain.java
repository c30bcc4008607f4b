package dev.parallax.testing;

import java.nio.file.Path;

/**
 * Runs the fake Hub as a process, for {@code bench/download.sh}: serves one file as
 * {@code REPO/FILE} until killed, and its byte counter at {@code /_fake/stats}.
 *
 * <pre>java -cp ... dev.parallax.testing.FakeHubMain PORT REPO FILE_NAME PATH [THROTTLE_BYTES_PER_SECOND]</pre>
 */
public final class FakeHubMain {

    private FakeHubMain() {
    }

    public static void main(String[] args) throws Exception {
        FakeHub hub = FakeHub.start(Integer.parseInt(args[0]));
        hub.repo(args[1], 1, 1, 1).file(args[1], args[2], Path.of(args[3]));
        if (args.length > 4) {
            hub.throttle(Long.parseLong(args[4]));
        }
        System.out.println(hub.endpoint() + "/" + args[1] + "/resolve/main/" + args[2]);
        System.out.println("sha256 " + hub.sha256(args[1], args[2]));
        System.out.flush();
        Thread.currentThread().join();
    }
}
