package io.batchlab.launcher;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * Who may use {@code batchlab serve}: whoever holds the random token it printed. 127.0.0.1 keeps other machines out;
 * the token also keeps out other accounts on this machine and web pages open in the user's own browser (which can
 * reach 127.0.0.1, also by DNS rebinding, but never see the token). The first visit brings the token in the address
 * ({@code ?token=…}); it is moved into an HttpOnly, SameSite=Strict cookie and the address is cleaned. Only GET and
 * HEAD pass: the dashboard in Java SE reads, and changes to runs stay with the CLI.
 */
public final class LocalAccessToken {

    static final String COOKIE = "batchlab_token";
    static final String PARAMETER = "token";

    private final String value;

    private LocalAccessToken(String value) {
        this.value = value;
    }

    public static LocalAccessToken random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new LocalAccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public String value() {
        return value;
    }

    HttpHandler guarding(HttpHandler next) {
        return exchange -> {
            Deque<String> given = exchange.getQueryParameters().get(PARAMETER);
            if (given != null && matches(given.peekFirst())) {
                exchange.setResponseCookie(new CookieImpl(COOKIE, value).setPath("/").setHttpOnly(true)
                        .setSameSiteMode("Strict"));
                exchange.setStatusCode(StatusCodes.SEE_OTHER);
                exchange.getResponseHeaders().put(Headers.LOCATION, withoutToken(exchange));
                exchange.endExchange();
                return;
            }
            Cookie cookie = exchange.getRequestCookie(COOKIE);
            if (cookie == null || !matches(cookie.getValue())) {
                refuse(exchange, StatusCodes.UNAUTHORIZED, "open the address that batchlab serve printed: it holds"
                        + " the access token");
            } else if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
                refuse(exchange, StatusCodes.FORBIDDEN, "batchlab serve only reads: change runs with batchlab stop"
                        + " | restart | retry RUN_ID, or on the server");
            } else {
                next.handleRequest(exchange);
            }
        };
    }

    /** The address asked for, less the token: other parameters (a run id) stay. */
    private static String withoutToken(HttpServerExchange exchange) {
        String query = Arrays.stream(exchange.getQueryString().split("&"))
                .filter(pair -> !pair.isEmpty() && !pair.startsWith(PARAMETER + "="))
                .collect(Collectors.joining("&"));
        return exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query);
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** The runs API's error shape ({@code ApiError}); the messages are constants, nothing of the request is echoed. */
    private static void refuse(HttpServerExchange exchange, int status, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"message\":\"" + message + "\",\"problems\":[]}");
    }
}
