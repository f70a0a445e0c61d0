package com.returnsorter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request with the request target sent byte for byte as given — {@code //predict},
 * {@code /%70redict}, {@code /predict;x=1} — which URI-normalising clients would rewrite. For tests
 * of what a server does with each spelling of a path.
 */
public final class RawHttp {

    /** The spellings of a path a client can send for {@code path} (which starts with {@code /}). */
    public static List<String> spellingsOf(String path) {
        String rest = path.substring(2);
        String first = path.substring(1, 2);
        return List.of(path, path + "/", "/" + path, path + "//", path + ";x=1", path + "/;x=1",
                "/%" + Integer.toHexString(first.charAt(0)) + rest, path.toUpperCase(Locale.ROOT),
                "/." + path, path + "/.", "/x/.." + path, path + "%2F", path + "%20", path + "?x=1", path + "/?x=1");
    }

    public record Response(int status, String head, String body) {
        public boolean isJson() {
            return head.toLowerCase(Locale.ROOT).contains("content-type: application/json");
        }
    }

    private RawHttp() {
    }

    public static Response send(URI server, String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body.length > 0 || method.equals("POST")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("not an HTTP response: " + all);
        }
        String head = all.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = all.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, head, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked);
        try {
            while (true) {
                StringBuilder size = new StringBuilder();
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                    if (c != '\r') {
                        size.append((char) c);
                    }
                }
                int length = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
                if (length == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(length));
                in.read();
                in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
