package org.giggossip.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The module rules of docs/architecture.md ("Module rules"), as ArchUnit rules over
 * the compiled main classes of every module. {@link ModuleRulesTest} checks them
 * against the build; {@link RulesCatchViolationsTest} shows that each one reports a
 * class that breaks it.
 *
 * <p>Everything a rule allows is written here, in {@link #MODULES} and the
 * {@code ALLOWED_*} lists, each entry with its reason. A new module is a new line of
 * {@link #MODULES} (and its package on the test classpath of the module that holds
 * these rules: {@code app}, the top of the build). That the node library never uses
 * the application (the commands call the library, never the other way) is the line
 * of {@code node}.
 */
final class ModuleRules {
    private ModuleRules() {}

    /** The root package of our modules. */
    static final String ROOT = "org.giggossip";

    /**
     * Each module (named by its root package under {@link #ROOT}) and the modules it
     * may use; every arrow points down, and a module missing here may use nothing.
     */
    static final Map<String, Set<String>> MODULES = modules();

    private static Map<String, Set<String>> modules() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("core", Set.of());
        m.put("store", Set.of("core"));
        m.put("sim", Set.of("core"));
        m.put("net", Set.of("core"));
        // the HTTP layer and the JSON of core's values (http.json)
        m.put("http", Set.of("core"));
        m.put("lightning", Set.of("core", "store"));
        m.put("settler", Set.of("core", "store", "http"));
        // the node library: neither the simulator nor the command line (the app's)
        m.put("node", Set.of("core", "store", "net", "lightning", "settler", "http"));
        // the application: the command line, the demo, the walkthrough; it uses every module but bench
        m.put("app", Set.of("core", "store", "sim", "net", "lightning", "settler", "http", "node"));
        // bench is not on this classpath; no module may use it (and the parent pom bans the artifact)
        m.put("bench", Set.of("core", "net"));
        return m;
    }

    /** Classes of {@code core} that may touch files. */
    static final List<String> ALLOWED_FILES = List.of(
            "org.giggossip.core.crypto.KeyFile", // the node's key file, written owner-only and atomically
            "org.giggossip.core.crypto.KeyFileException"); // names the file KeyFile failed on: a Path, no I/O

    /** Classes of {@code core} that may start threads: the proof-of-work solver, a host-side utility. */
    static final List<String> ALLOWED_THREADS = List.of("org.giggossip.core.pow.PowSolver");

    /** Classes of {@code core} that may read the system clock: none (every clock is injected). */
    static final List<String> ALLOWED_SYSTEM_CLOCK = List.of();

    /** Classes of {@code core} that may create their own {@code SecureRandom}: none (it is injected). */
    static final List<String> ALLOWED_OWN_SECURE_RANDOM = List.of();

    /** Classes of {@code core} that may use the network: none. */
    static final List<String> ALLOWED_NETWORK = List.of();

    /**
     * Main classes outside {@code sim} and {@code bench} that may draw from a seeded,
     * insecure generator: load and demo drivers of the command line, whose {@code --seed}
     * (or fixed seed) makes a run's workload reproducible. They choose topologies,
     * links, bids and victims, never keys, nonces or anything a peer must not guess
     * (those come from a {@code SecureRandom}).
     */
    static final List<String> ALLOWED_INSECURE_RANDOM = List.of(
            "org.giggossip.app.cli.NetworkSoak", // --seed: which links and which middlemen are killed
            "org.giggossip.app.cli.BenchGossipCommand", // a fixed random topology, the same every run
            "org.giggossip.app.demo.Demo"); // --seed: the demo's graph and workers' bids

    /** The modules whose main code must use no insecure randomness (all but {@code sim} and {@code bench}). */
    static final List<String> SECURE_RANDOM_MODULES = List.of("core", "store", "net", "lightning", "http",
            "settler", "node", "app");

    /** Every main class of our modules on the classpath, test classes and test jars left out. */
    static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    // ---- core: sans-I/O ----

    /** core opens no sockets and resolves no names. */
    static ArchRule coreUsesNoNetwork() {
        return noClasses().that().resideInAPackage(pkg("core")).and(notIn(ALLOWED_NETWORK))
                .should().dependOnClassesThat(NETWORK)
                .as("core uses no network (java.net, javax.net, socket channels)");
    }

    /** core reads and writes no files, but for its allowed classes. */
    static ArchRule coreUsesNoFiles() {
        return noClasses().that().resideInAPackage(pkg("core")).and(notIn(ALLOWED_FILES))
                .should().dependOnClassesThat(FILES)
                .as("core touches no files outside " + ALLOWED_FILES);
    }

    /** core holds no JDBC at all. */
    static ArchRule coreHoldsNoJdbc() {
        return noClasses().that().resideInAPackage(pkg("core"))
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .as("core holds no JDBC (java.sql, javax.sql)");
    }

    /** core starts no threads, but for its allowed classes. */
    static ArchRule coreStartsNoThreads() {
        return noClasses().that().resideInAPackage(pkg("core")).and(notIn(ALLOWED_THREADS))
                .should().dependOnClassesThat(THREADS).orShould().accessTargetWhere(ASYNC_CALL)
                .as("core starts no threads (Thread, executors, timers, processes, CompletableFuture's *Async)"
                        + " outside " + ALLOWED_THREADS);
    }

    /** core reads no ambient time: the clock is injected. */
    static ArchRule coreReadsNoSystemClock() {
        return noClasses().that().resideInAPackage(pkg("core")).and(notIn(ALLOWED_SYSTEM_CLOCK))
                .should().accessTargetWhere(SYSTEM_CLOCK)
                .as("core reads no system clock (System.currentTimeMillis/nanoTime, java.time's now(), Clock.system*)");
    }

    /** core creates no generator of its own: the SecureRandom is injected. */
    static ArchRule coreCreatesNoSecureRandom() {
        return noClasses().that().resideInAPackage(pkg("core")).and(notIn(ALLOWED_OWN_SECURE_RANDOM))
                .should().accessTargetWhere(NEW_SECURE_RANDOM)
                .as("core creates no SecureRandom of its own (it is injected) outside " + ALLOWED_OWN_SECURE_RANDOM);
    }

    // ---- randomness ----

    /** Main code outside sim and bench draws no insecure randomness. */
    static ArchRule noInsecureRandomness() {
        String[] packages = SECURE_RANDOM_MODULES.stream().map(ModuleRules::pkg).toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(packages).and(notIn(ALLOWED_INSECURE_RANDOM))
                .should().dependOnClassesThat(INSECURE_RANDOM).orShould().accessTargetWhere(INSECURE_RANDOM_CALL)
                .as("main code of " + SECURE_RANDOM_MODULES + " uses no insecure randomness (java.util.Random,"
                        + " SplittableRandom, ThreadLocalRandom, RandomGenerator, Math.random, SeededRandom)"
                        + " outside " + ALLOWED_INSECURE_RANDOM);
    }

    // ---- the module graph ----

    /** One rule per module of {@link #MODULES}: it uses only the modules listed for it. */
    static List<ArchRule> moduleDependencies() {
        List<ArchRule> rules = new ArrayList<>();
        MODULES.keySet().forEach(module -> rules.add(moduleUsesOnly(module)));
        return rules;
    }

    /** {@code module} uses only the modules {@link #MODULES} lists for it. */
    static ArchRule moduleUsesOnly(String module) {
        Set<String> allowed = MODULES.get(module);
        String[] others = MODULES.keySet().stream().filter(m -> !m.equals(module) && !allowed.contains(m))
                .map(ModuleRules::pkg).toArray(String[]::new);
        return noClasses().that().resideInAPackage(pkg(module))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as(module + " uses " + (allowed.isEmpty() ? "no other module" : "only " + allowed.stream().sorted()
                        .toList()))
                .allowEmptyShould(module.equals("bench"));
    }

    /** One rule per module: no import cycle between its top-level packages. */
    static List<ArchRule> noPackageCycles() {
        List<ArchRule> rules = new ArrayList<>();
        MODULES.keySet().stream().filter(m -> !m.equals("bench"))
                .forEach(m -> rules.add(slices().matching(ROOT + "." + m + ".(*)..").should().beFreeOfCycles()
                        .as("the packages of " + m + " are free of cycles")
                        // a module of one package (store) has no slices, and no cycle
                        .allowEmptyShould(true)));
        return rules;
    }

    // ---- predicates ----

    static String pkg(String module) {
        return ROOT + "." + module + "..";
    }

    /** Not one of {@code names} nor a class nested in one. */
    static DescribedPredicate<JavaClass> notIn(List<String> names) {
        return DescribedPredicate.describe("not in " + names, c -> names.stream()
                .noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }

    static final DescribedPredicate<JavaClass> NETWORK = DescribedPredicate.describe(
            "the network (java.net, javax.net, socket and datagram channels, selectors)",
            c -> c.getPackageName().startsWith("java.net") || c.getPackageName().startsWith("javax.net")
                    || c.getPackageName().startsWith("java.nio.channels")
                    && c.getSimpleName().matches(".*(Socket|Datagram|Selector|Selectable|Network).*"));

    static final Set<String> FILE_CLASSES = Set.of("java.io.File", "java.io.FileInputStream",
            "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter", "java.io.RandomAccessFile",
            "java.nio.channels.FileChannel", "java.nio.channels.AsynchronousFileChannel");

    static final DescribedPredicate<JavaClass> FILES = DescribedPredicate.describe(
            "files (java.nio.file, java.io.File and its streams, file channels)",
            c -> c.getPackageName().equals("java.nio.file") || c.getPackageName().startsWith("java.nio.file.")
                    || FILE_CLASSES.contains(c.getName()));

    static final Set<String> THREAD_CLASSES = Set.of("java.lang.ThreadGroup", "java.util.concurrent.Executors",
            "java.util.concurrent.ThreadFactory", "java.util.Timer", "java.util.TimerTask", "java.lang.Runtime",
            "java.lang.ProcessBuilder", "java.lang.Process");

    static final DescribedPredicate<JavaClass> THREADS = DescribedPredicate.describe(
            "threads (Thread, Executor and its kin, Executors, ThreadFactory, Timer, Runtime, processes)",
            c -> THREAD_CLASSES.contains(c.getName()) || c.isAssignableTo(Thread.class)
                    || c.isAssignableTo(Executor.class));

    static final DescribedPredicate<JavaAccess<?>> ASYNC_CALL = DescribedPredicate.describe(
            "a CompletableFuture's *Async method",
            a -> a.getTargetOwner().isAssignableTo(java.util.concurrent.CompletionStage.class)
                    && a.getTarget().getName().endsWith("Async"));

    private static final Pattern CLOCK = Pattern.compile("java\\.lang\\.System\\.(currentTimeMillis|nanoTime)\\(\\)"
            + "|java\\.time\\.\\w+\\.now\\((java\\.time\\.ZoneId)?\\)"
            + "|java\\.time\\.(Clock|InstantSource)\\.system\\w*\\(.*\\)");

    static final DescribedPredicate<JavaAccess<?>> SYSTEM_CLOCK = DescribedPredicate.describe(
            "the system clock", a -> CLOCK.matcher(a.getTarget().getFullName()).matches());

    static final DescribedPredicate<JavaAccess<?>> NEW_SECURE_RANDOM = DescribedPredicate.describe(
            "a new SecureRandom (constructor, getInstance, getInstanceStrong)",
            a -> a.getTargetOwner().isEquivalentTo(java.security.SecureRandom.class)
                    && Set.of("<init>", "getInstance", "getInstanceStrong").contains(a.getTarget().getName()));

    static final Set<String> INSECURE_RANDOM_CLASSES = Set.of("java.util.Random", "java.util.SplittableRandom",
            "java.util.concurrent.ThreadLocalRandom", "java.util.random.RandomGeneratorFactory",
            "org.giggossip.sim.random.SeededRandom");

    static final DescribedPredicate<JavaClass> INSECURE_RANDOM = DescribedPredicate.describe(
            "an insecure generator " + INSECURE_RANDOM_CLASSES.stream().sorted().toList(),
            c -> INSECURE_RANDOM_CLASSES.contains(c.getName()));

    private static final Set<String> INSECURE_RANDOM_METHODS = Set.of("java.lang.Math.random()",
            "java.lang.StrictMath.random()", "java.util.Collections.shuffle(java.util.List)",
            "java.util.random.RandomGenerator.getDefault()", "java.util.random.RandomGenerator.of(java.lang.String)");

    static final DescribedPredicate<JavaAccess<?>> INSECURE_RANDOM_CALL = DescribedPredicate.describe(
            "an insecure draw " + INSECURE_RANDOM_METHODS.stream().sorted().toList(),
            a -> INSECURE_RANDOM_METHODS.contains(a.getTarget().getFullName()));
}
