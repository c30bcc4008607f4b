package dev.parallax.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 with byte-level control, for replaying a provider's wire format and its
 * failures: chunked streams, pauses, a clean close without the final chunk, a TCP reset, a stall, an error
 * body. Each request takes the next responder of the script (the last one repeats).
 */
public final class FakeHttpServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    public interface Responder {
        void respond(Request request, Exchange exchange) throws Exception;
    }

    /** A request as received; header names are lower case. */
    public record Request(String method, String target, Map<String, String> headers, String body, long receivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket socket;
    private final List<Responder> script;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger next = new AtomicInteger();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;
    private volatile boolean closed;

    public FakeHttpServer(Responder... script) throws IOException {
        this.script = List.of(script);
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::accept, "fake-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String url(String path) {
        return base() + path;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Errors thrown by responders (other than the client going away). */
    public List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                Thread t = new Thread(() -> serve(s), "fake-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                int i = next.getAndIncrement();
                Responder r = script.get(Math.min(i, script.size() - 1));
                Exchange ex = new Exchange(s, in, out);
                try {
                    r.respond(request, ex);
                } catch (SocketException e) {
                    return;
                } catch (Exception e) {
                    failures.add(e);
                    return;
                }
                if (!ex.reusable()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        long received = System.nanoTime();
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8), received);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
    }

    /** One response, written by hand. */
    public static final class Exchange {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean chunked;
        private boolean reusable;
        private boolean closed;

        Exchange(Socket socket, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        boolean reusable() {
            return reusable && !closed;
        }

        /** Status line and headers of a chunked (streamed) response. Headers: name, value, name, value... */
        public Exchange stream(int status, String contentType, String... headers) throws IOException {
            StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
            h.append("Content-Type: ").append(contentType).append("\r\n");
            h.append("Transfer-Encoding: chunked\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            chunked = true;
            return this;
        }

        /** A whole response with a Content-Length; the connection stays usable. */
        public void respond(int status, String contentType, String body, String... headers) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
            h.append("Content-Type: ").append(contentType).append("\r\n");
            h.append("Content-Length: ").append(bytes.length).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            reusable = true;
        }

        /** One chunk of the streamed body, flushed at once. */
        public Exchange send(String text) throws IOException {
            return sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        public Exchange sendBytes(byte[] data) throws IOException {
            if (!chunked) {
                throw new IllegalStateException("stream() first");
            }
            if (data.length == 0) {
                return this;
            }
            // One write per chunk: one packet, one system call.
            byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] chunk = new byte[head.length + data.length + 2];
            System.arraycopy(head, 0, chunk, 0, head.length);
            System.arraycopy(data, 0, chunk, head.length, data.length);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            out.write(chunk);
            out.flush();
            return this;
        }

        public Exchange pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return this;
        }

        /** The last chunk: a clean end of the body; the connection stays usable. */
        public void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            reusable = true;
        }

        /** Closes the connection with a FIN, without the last chunk. */
        public void closeAbruptly() throws IOException {
            out.flush();
            closed = true;
            socket.shutdownOutput();
            socket.close();
        }

        /** Closes the connection with a TCP reset. */
        public void reset() throws IOException {
            closed = true;
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /**
         * Sends nothing more and waits until the client closes the connection; returns System.nanoTime at the
         * moment the close was seen, or -1 when it was not seen within {@code timeoutMs}.
         */
        public long awaitClientClose(long timeoutMs) throws IOException {
            long until = System.nanoTime() + timeoutMs * 1_000_000L;
            socket.setSoTimeout(20);
            while (System.nanoTime() < until) {
                try {
                    if (in.read() == -1) {
                        closed = true;
                        return System.nanoTime();
                    }
                } catch (SocketTimeoutException e) {
                    // Still open.
                } catch (IOException e) {
                    closed = true;
                    return System.nanoTime();
                }
            }
            closed = true;
            return -1;
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 401 -> "Unauthorized";
                case 404 -> "Not Found";
                case 408 -> "Request Timeout";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                case 529 -> "Overloaded";
                default -> "Status";
            };
        }
    }
}
