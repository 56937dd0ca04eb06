package org.giggossip.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files from the classpath under one root (a web app's assets), each answered with its
 * {@code Content-Type}, a strong {@code ETag} (a hash of its bytes), {@code Cache-Control}
 * ({@code no-cache} for HTML, so a new release is picked up; {@code max-age} for the rest),
 * and 304 without a body when the client's {@code If-None-Match} names the current one.
 * Only plain names are served: no {@code ..}, no empty segment, no percent-escapes.
 *
 * <pre>{@code
 * StaticFiles assets = new StaticFiles(App.class.getClassLoader(), "org/giggossip/web", Duration.ofHours(1));
 * route GET /app/{path*}  ->  assets.serve(exchange, params.get("path"))
 * }</pre>
 */
public final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"));

    private record File(byte[] bytes, String type, String etag) {}

    private final ClassLoader loader;
    private final String root;
    private final Duration maxAge;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    /**
     * @param loader the class loader that holds the files
     * @param root   their folder on the classpath, such as {@code org/giggossip/web}
     * @param maxAge how long a browser may use a file that is not HTML without asking again
     */
    public StaticFiles(ClassLoader loader, String root, Duration maxAge) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.root = root.endsWith("/") ? root : root + "/";
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /**
     * Answers {@code ex} with the file at {@code path} (relative to the root, as the router matched it).
     *
     * @throws HttpProblem 404 when there is no such file or the name is not a plain one
     */
    public void serve(Exchange ex, String path) throws IOException {
        File f = (SAFE.matcher(path).matches() && !path.contains("..") ? cache.computeIfAbsent(path, this::load)
                : Optional.<File>empty()).orElseThrow(() -> new HttpProblem(404, "no such file: " + path));
        ex.setHeader("ETag", f.etag());
        ex.setHeader("Cache-Control", f.type().startsWith("text/html") ? "no-cache"
                : "public, max-age=" + maxAge.toSeconds());
        if (matches(ex.header("If-None-Match"), f.etag())) {
            ex.start(304).close();
            return;
        }
        ex.send(200, f.type(), f.bytes());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private Optional<File> load(String path) {
        java.net.URL url = loader.getResource(root + path);
        if (url == null || url.getPath().endsWith("/") || ("file".equals(url.getProtocol())
                && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(url.getPath())))) {
            return Optional.empty(); // a folder is no file
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            int dot = path.lastIndexOf('.');
            String type = TYPES.getOrDefault(dot < 0 ? "" : path.substring(dot + 1), "application/octet-stream");
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Optional.of(new File(bytes, type, "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
