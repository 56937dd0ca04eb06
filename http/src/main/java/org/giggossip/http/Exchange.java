package org.giggossip.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One request and its answer, handled on its own virtual thread: what a {@link HttpService.Service}
 * reads (method, path, headers, a body with its size checked) and how it answers itself when a
 * {@link Reply} does not fit (an event stream, a static file). Not thread-safe: one thread serves it.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final int maxBodyBytes;
    private final Runnable requestRead;
    private OutputStream out;
    private int status = -1;
    private String route = HttpObserver.UNMATCHED;
    private HttpRefusal refusal;

    Exchange(Request request, Response response, int maxBodyBytes, Runnable requestRead) {
        this.request = request;
        this.response = response;
        this.maxBodyBytes = maxBodyBytes;
        this.requestRead = requestRead;
    }

    /** The request method, as sent. */
    public String method() {
        return request.getMethod();
    }

    /** The raw (still percent-encoded) path. */
    public String path() {
        return request.getHttpURI().getPath();
    }

    /** The raw query, or null. */
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    /** The first value of request header {@code name}, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The client's address (the key of its per-client limits unless a service knows better). */
    public InetAddress remoteAddress() {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i ? i.getAddress() : InetAddress.getLoopbackAddress();
    }

    /**
     * The request body: refused with 413 when its declared length is over the limit (before any
     * byte of it is read) or when more than the limit arrives.
     *
     * @throws HttpProblem 413 too large, 400 unreadable body
     */
    public byte[] body() {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw new HttpProblem(413, "body of " + declared + " bytes is over the limit of " + maxBodyBytes);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new HttpProblem(413, "body is over the limit of " + maxBodyBytes + " bytes");
            }
            requestRead.run();
            return body;
        } catch (IOException e) {
            throw HttpProblem.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** Sets response header {@code name}. */
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Answers with {@code body} as {@code contentType}, complete. */
    public void send(int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream o = start(status)) {
            o.write(body);
        }
    }

    /**
     * Starts an answer of unknown length (an event stream) with {@code status}: what is written
     * to the stream is sent on each flush; closing the stream ends the answer.
     */
    public OutputStream start(int status) {
        if (out != null) {
            throw new IllegalStateException("the answer has started");
        }
        response.setStatus(status);
        this.status = status;
        out = Content.Sink.asOutputStream(response);
        return out;
    }

    /** The status sent, or -1 when none was. */
    public int status() {
        return status;
    }

    /** Whether an answer has started. */
    boolean started() {
        return out != null;
    }

    /** Ends the answer, if one was started. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    /** Names the route that serves this request (a path template, for observers). */
    public void route(String template) {
        this.route = template;
    }

    /** The route that serves this request, or {@link HttpObserver#UNMATCHED}. */
    public String route() {
        return route;
    }

    /** Says why this request is refused, when its status alone does not. */
    public void refusal(HttpRefusal why) {
        this.refusal = why;
    }

    /** Why the request was refused, as set by {@link #refusal(HttpRefusal)}, or null. */
    public HttpRefusal refusal() {
        return refusal;
    }

    /** Tells the server the request has been read in full (its read deadline is off). */
    void requestRead() {
        requestRead.run();
    }
}
