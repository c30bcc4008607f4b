package dev.parallax.engine.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * A worker that introduces itself and then, at its first command, crashes its JVM the way a fault in native code
 * does (a write to address 0): the JVM writes its crash report and aborts. With {@code CRASH=throw} in its environment, it dies as
 * a C++ exception escaping llama.cpp does instead: libstdc++'s two lines on stderr, then SIGABRT.
 */
public final class CrashingWorkerMain {

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(WorkerProtocol.PREFIX + WorkerProtocol.encode(WorkerProtocol.message(WorkerProtocol.HELLO)));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            return;
        }
        if ("throw".equals(System.getenv("CRASH"))) {
            System.err.println("terminate called after throwing an instance of 'std::out_of_range'");
            System.err.println("  what():  _Map_base::at");
            System.err.flush();
            new ProcessBuilder("kill", "-ABRT", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(10_000);
            return;
        }
        Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        field.setAccessible(true);
        Object unsafe = field.get(null);
        unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 42L);
    }
}
