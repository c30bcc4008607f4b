package dev.parallax.engine.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * A worker that introduces itself and then, at its first command, crashes its JVM the way a fault in native code
 * does (a write to address 0): the JVM writes its crash report and aborts.
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
        Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        field.setAccessible(true);
        Object unsafe = field.get(null);
        unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 42L);
    }
}
