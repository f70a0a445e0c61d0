package com.returnsorter.report.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An SMTP server on localhost that speaks just enough of the protocol to refuse: it answers RCPT TO
 * per address from a script (e.g. {@code 550 5.1.1 user unknown}), so a test sees a real SMTP refusal
 * that GreenMail cannot be told to give. A silent server accepts connections and never greets.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Function<String, String> rcptReply;
    private final boolean silent;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private ScriptedSmtpServer(Function<String, String> rcptReply, boolean silent) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.silent = silent;
        this.thread = new Thread(this::serve, "scripted-smtp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Answers RCPT TO:&lt;address&gt; with {@code rcptReply.apply(address)}. */
    static ScriptedSmtpServer replying(Function<String, String> rcptReply) throws IOException {
        return new ScriptedSmtpServer(rcptReply, false);
    }

    static ScriptedSmtpServer silent() throws IOException {
        return new ScriptedSmtpServer(address -> "250 OK", true);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Recipients the server accepted for a delivered message. */
    List<String> accepted() {
        return accepted;
    }

    List<String> messages() {
        return messages;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                if (silent) {
                    client.getInputStream().read(); // blocks until the client gives up
                    continue;
                }
                converse(client);
            } catch (IOException e) {
                // closed, or the client hung up
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        List<String> recipients = new CopyOnWriteArrayList<>();
        reply(out, "220 scripted.localhost ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                reply(out, "250-scripted.localhost\r\n250 8BITMIME");
            } else if (command.startsWith("HELO") || command.startsWith("MAIL FROM") || command.startsWith("RSET")
                    || command.startsWith("NOOP")) {
                reply(out, "250 OK");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                String answer = rcptReply.apply(address);
                if (answer.startsWith("250")) {
                    recipients.add(address);
                }
                reply(out, answer);
            } else if (command.startsWith("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder message = new StringBuilder();
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    message.append(line).append('\n');
                }
                messages.add(message.toString());
                accepted.addAll(recipients);
                reply(out, "250 OK queued");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 Bye");
                return;
            } else {
                reply(out, "502 Command not implemented");
            }
        }
    }

    private static void reply(Writer out, String reply) throws IOException {
        out.write(reply + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
