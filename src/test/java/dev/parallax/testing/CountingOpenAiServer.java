package dev.parallax.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible streaming server on 127.0.0.1 that counts every accepted connection and every byte it
 * received, keeps those bytes, and answers by echoing the last user message back, a few characters per chunk (so a
 * placeholder arrives split across chunks).
 */
public final class CountingOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread acceptor;

    public CountingOpenAiServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::accept, "counting-openai");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    public int connections() {
        return connections.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Everything received so far, as text. */
    public synchronized String received() {
        return received.toString(StandardCharsets.UTF_8);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "counting-openai-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                count(body);
                respond(out, new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                count(head.toByteArray());
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        count(head.toByteArray());
        return null;
    }

    private synchronized void count(byte[] data) {
        bytes.addAndGet(data.length);
        received.writeBytes(data);
    }

    private static void respond(OutputStream out, String body) throws IOException {
        String echo = "";
        try {
            JsonNode messages = JSON.readTree(body).path("messages");
            for (JsonNode m : messages) {
                if (m.path("role").asText().equals("user")) {
                    echo = m.path("content").asText();
                }
            }
        } catch (IOException e) {
            echo = "?";
        }
        StringBuilder sse = new StringBuilder();
        String answer = "You said: " + echo;
        for (int i = 0; i < answer.length(); i += 3) {
            String piece = answer.substring(i, Math.min(answer.length(), i + 3));
            sse.append("data: ").append(JSON.writeValueAsString(JSON.createObjectNode().put("id", "c")
                    .put("object", "chat.completion.chunk").set("choices", JSON.createArrayNode().add(
                            JSON.createObjectNode().put("index", 0).set("delta", JSON.createObjectNode().put("content", piece))))))
                    .append("\n\n");
        }
        sse.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":10,\"total_tokens\":20}}\n\n");
        sse.append("data: [DONE]\n\n");
        byte[] payload = sse.toString().getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + payload.length + "\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
