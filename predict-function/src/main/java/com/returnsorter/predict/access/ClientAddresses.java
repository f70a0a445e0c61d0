package com.returnsorter.predict.access;

import io.micronaut.http.HttpRequest;

import java.net.InetSocketAddress;

/**
 * The address a request came from, for per-address limits. Behind Cloud Run, Google's front end
 * appends the address it received the connection from to {@code X-Forwarded-For}; whatever comes
 * before was written by the client and proves nothing, so only the LAST entry is used. Without the
 * header (a direct connection, local runs), the connection's peer address.
 */
public final class ClientAddresses {

    private static final int MAX_ADDRESS_LENGTH = 64;

    private ClientAddresses() {
    }

    public static String of(HttpRequest<?> request) {
        String forwarded = lastForwardedFor(request);
        if (forwarded != null) {
            return forwarded;
        }
        InetSocketAddress peer = request.getRemoteAddress();
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }

    private static String lastForwardedFor(HttpRequest<?> request) {
        // Several X-Forwarded-For headers count as one comma-separated list, in order.
        var headers = request.getHeaders().getAll("X-Forwarded-For");
        if (headers.isEmpty()) {
            return null;
        }
        String last = headers.get(headers.size() - 1);
        int comma = last.lastIndexOf(',');
        String entry = (comma >= 0 ? last.substring(comma + 1) : last).strip();
        if (entry.isEmpty() || entry.length() > MAX_ADDRESS_LENGTH) {
            return null;
        }
        return entry;
    }
}
