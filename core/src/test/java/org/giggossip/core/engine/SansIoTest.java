package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/architecture.md, "One engine, three hosts": the protocol packages perform no
 * I/O and read no ambient time or randomness. This reads the constant pool of
 * every compiled class in those packages and fails on any reference to threads,
 * executors, sockets, files, the system clock or unseeded randomness.
 */
class SansIoTest {
    /** Classes (and, ending in '/', whole packages) the protocol code must not touch. */
    static final List<String> FORBIDDEN_CLASSES = List.of("java/lang/Thread", "java/util/concurrent/Executor",
            "java/util/concurrent/Executors", "java/util/concurrent/ExecutorService",
            "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/ThreadLocalRandom",
            "java/util/concurrent/CompletableFuture", "java/net/", "java/nio/channels/", "java/nio/file/",
            "java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream", "java/util/Timer",
            "java/lang/Runtime", "java/lang/ProcessBuilder");
    /** Methods (owner.name) that read ambient time or entropy. */
    static final List<String> FORBIDDEN_METHODS = List.of("java/lang/System.currentTimeMillis",
            "java/lang/System.nanoTime", "java/time/Instant.now", "java/time/Clock.systemUTC",
            "java/time/Clock.systemDefaultZone", "java/time/LocalDateTime.now", "java/time/ZonedDateTime.now",
            "java/lang/Math.random", "java/util/Random.<init>", "java/security/SecureRandom.<init>",
            "java/lang/Thread.sleep");

    @ParameterizedTest
    @ValueSource(strings = {"engine", "onion", "ledger", "settler", "payment"})
    void theProtocolPackagesPerformNoIo(String pkg) throws Exception {
        Path dir = classesRoot().resolve("org/giggossip/core/" + pkg);
        assertThat(dir).isDirectory();
        List<String> violations = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                classes++;
                for (String ref : references(f)) {
                    for (String bad : FORBIDDEN_CLASSES) {
                        boolean hit = bad.endsWith("/") ? ref.startsWith(bad)
                                : ref.equals(bad) || ref.startsWith(bad + "$") || ref.startsWith(bad + ".");
                        if (hit) {
                            violations.add(f.getFileName() + " -> " + ref);
                        }
                    }
                    for (String bad : FORBIDDEN_METHODS) {
                        if (ref.equals(bad)) {
                            violations.add(f.getFileName() + " -> " + ref);
                        }
                    }
                }
            }
        }
        assertThat(classes).as("classes in " + pkg).isPositive();
        assertThat(violations).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theScannerFindsAForbiddenCall() throws Exception {
        Path self = classesRoot().getParent().resolve("test-classes/org/giggossip/core/engine/SansIoTest$Bad.class");
        assertThat(references(self)).contains("java/lang/System.currentTimeMillis", "java/lang/Thread");
    }

    /** A class that breaks the rules, to prove the scanner sees it. */
    static final class Bad {
        long now() {
            Thread.yield();
            return System.currentTimeMillis();
        }
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Class names and "owner.method" names referenced from a class file's constant pool. */
    static List<String> references(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file: " + classFile);
            }
            d.readUnsignedShort();
            d.readUnsignedShort();
            int count = d.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classIndex = new int[count];
            int[][] refs = new int[count][];
            int[][] nameAndType = new int[count][];
            for (int i = 1; i < count; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = d.readUTF();
                    case 7 -> classIndex[i] = d.readUnsignedShort();
                    case 9, 10, 11 -> refs[i] = new int[] {d.readUnsignedShort(), d.readUnsignedShort()};
                    case 12 -> nameAndType[i] = new int[] {d.readUnsignedShort(), d.readUnsignedShort()};
                    case 3, 4 -> d.readInt();
                    case 5, 6 -> {
                        d.readLong();
                        i++;
                    }
                    case 8, 16, 19, 20 -> d.readUnsignedShort();
                    case 15 -> {
                        d.readUnsignedByte();
                        d.readUnsignedShort();
                    }
                    case 17, 18 -> d.readInt();
                    default -> throw new IOException("constant pool tag " + tag + " in " + classFile);
                }
            }
            List<String> out = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (classIndex[i] != 0) {
                    out.add(utf8[classIndex[i]]);
                }
                if (refs[i] != null) {
                    String owner = utf8[classIndex[refs[i][0]]];
                    String name = utf8[nameAndType[refs[i][1]][0]];
                    out.add(owner + "." + name);
                }
            }
            return out;
        }
    }
}
