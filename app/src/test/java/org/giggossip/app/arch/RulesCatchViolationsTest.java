package org.giggossip.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.stream.Stream;
import org.giggossip.core.violation.Compliant;
import org.giggossip.core.violation.CycleA;
import org.giggossip.core.violation.MakesItsOwnRandom;
import org.giggossip.core.violation.OpensASocket;
import org.giggossip.core.violation.ReadsAFile;
import org.giggossip.core.violation.ReadsTheClock;
import org.giggossip.core.violation.RunsAsync;
import org.giggossip.core.violation.StartsAThread;
import org.giggossip.core.violation.UsesJdbc;
import org.giggossip.core.violation.UsesNet;
import org.giggossip.core.violationb.CycleB;
import org.giggossip.lightning.violation.UsesTheNode;
import org.giggossip.net.violation.UsesTheSettler;
import org.giggossip.node.host.violation.CallsTheCommandLine;
import org.giggossip.settler.violation.DrawsInsecurely;
import org.giggossip.store.violation.UsesSeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module rule reports a class that breaks it: each is evaluated against a small
 * class of the test sources, in a package named like the module's, that breaks it on
 * purpose (and against nothing else), and the report must name the class and the
 * forbidden use. A rule that could not fail would pass here never.
 */
class RulesCatchViolationsTest {
    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("socket", ModuleRules.coreUsesNoNetwork(), List.of(OpensASocket.class),
                        List.of("OpensASocket", "java.net.Socket")),
                Arguments.of("file", ModuleRules.coreUsesNoFiles(), List.of(ReadsAFile.class),
                        List.of("ReadsAFile", "java.nio.file.Files")),
                Arguments.of("jdbc", ModuleRules.coreHoldsNoJdbc(), List.of(UsesJdbc.class),
                        List.of("UsesJdbc", "java.sql.DriverManager")),
                Arguments.of("thread", ModuleRules.coreStartsNoThreads(), List.of(StartsAThread.class),
                        List.of("StartsAThread", "java.lang.Thread")),
                Arguments.of("async", ModuleRules.coreStartsNoThreads(), List.of(RunsAsync.class),
                        List.of("RunsAsync", "CompletableFuture.runAsync")),
                Arguments.of("clock call", ModuleRules.coreReadsNoSystemClock(), List.of(ReadsTheClock.class),
                        List.of("ReadsTheClock.millis()", "System.currentTimeMillis()")),
                Arguments.of("clock reference", ModuleRules.coreReadsNoSystemClock(), List.of(ReadsTheClock.class),
                        List.of("ReadsTheClock.clock()", "Instant.now()")),
                Arguments.of("own SecureRandom", ModuleRules.coreCreatesNoSecureRandom(),
                        List.of(MakesItsOwnRandom.class), List.of("MakesItsOwnRandom", "SecureRandom.<init>()")),
                Arguments.of("core uses net", ModuleRules.moduleUsesOnly("core"), List.of(UsesNet.class),
                        List.of("UsesNet", "org.giggossip.net.noise.Bolt8Handshake")),
                Arguments.of("net uses settler", ModuleRules.moduleUsesOnly("net"), List.of(UsesTheSettler.class),
                        List.of("UsesTheSettler", "org.giggossip.settler.service.SettlerService")),
                Arguments.of("lightning uses node", ModuleRules.moduleUsesOnly("lightning"),
                        List.of(UsesTheNode.class), List.of("UsesTheNode", "org.giggossip.node.daemon.NodeDaemon")),
                Arguments.of("store uses sim", ModuleRules.moduleUsesOnly("store"), List.of(UsesSeededRandom.class),
                        List.of("UsesSeededRandom", "org.giggossip.sim.random.SeededRandom")),
                Arguments.of("java.util.Random", ModuleRules.noInsecureRandomness(), List.of(DrawsInsecurely.class),
                        List.of("DrawsInsecurely.seeded(long)", "java.util.Random")),
                Arguments.of("Math.random", ModuleRules.noInsecureRandomness(), List.of(DrawsInsecurely.class),
                        List.of("DrawsInsecurely.math()", "Math.random()")),
                Arguments.of("ThreadLocalRandom", ModuleRules.noInsecureRandomness(), List.of(DrawsInsecurely.class),
                        List.of("DrawsInsecurely.jitter()", "java.util.concurrent.ThreadLocalRandom")),
                Arguments.of("SeededRandom", ModuleRules.noInsecureRandomness(), List.of(UsesSeededRandom.class),
                        List.of("UsesSeededRandom", "SeededRandom")),
                Arguments.of("library uses the app", ModuleRules.moduleUsesOnly("node"),
                        List.of(CallsTheCommandLine.class), List.of("CallsTheCommandLine", "org.giggossip.app.cli.Gg")),
                Arguments.of("package cycle", cycleRule("core"), List.of(CycleA.class, CycleB.class),
                        List.of("Cycle detected", "CycleA", "CycleB")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void theRuleReportsTheViolation(String name, ArchRule rule, List<Class<?>> fixtures, List<String> expected) {
        EvaluationResult result = rule.evaluate(importOnly(fixtures));
        assertThat(result.hasViolation()).as(name).isTrue();
        String report = result.getFailureReport().toString();
        assertThat(report).contains(expected);
    }

    @Test
    void aClassThatKeepsTheRulesPassesThemAll() {
        JavaClasses classes = importOnly(List.of(Compliant.class));
        Stream<ArchRule> rules = Stream.concat(Stream.of(ModuleRules.coreUsesNoNetwork(),
                        ModuleRules.coreUsesNoFiles(), ModuleRules.coreHoldsNoJdbc(), ModuleRules.coreStartsNoThreads(),
                        ModuleRules.coreReadsNoSystemClock(), ModuleRules.coreCreatesNoSecureRandom(),
                        ModuleRules.noInsecureRandomness(), ModuleRules.moduleUsesOnly("core")),
                Stream.of(cycleRule("core")));
        rules.forEach(rule -> assertThat(rule.evaluate(classes).hasViolation()).as(rule.getDescription()).isFalse());
    }

    @Test
    void theAllowListLetsItsClassThrough() {
        // PowSolver starts threads, which fails in any other class of core, and passes as allowed
        JavaClasses solver = new ClassFileImporter().importClasses(org.giggossip.core.pow.PowSolver.class,
                StartsAThread.class);
        EvaluationResult result = ModuleRules.coreStartsNoThreads().evaluate(solver);
        assertThat(solver.get(org.giggossip.core.pow.PowSolver.class).getDirectDependenciesFromSelf())
                .anyMatch(d -> ModuleRules.THREADS.test(d.getTargetClass()));
        List<String> details = result.getFailureReport().getDetails();
        assertThat(details).isNotEmpty().allMatch(line -> line.contains("StartsAThread"))
                .noneMatch(line -> line.contains("PowSolver"));
    }

    private static ArchRule cycleRule(String module) {
        return ModuleRules.noPackageCycles().stream()
                .filter(r -> r.getDescription().contains(" " + module + " ")).findFirst().orElseThrow();
    }

    private static JavaClasses importOnly(List<Class<?>> fixtures) {
        return new ClassFileImporter().importClasses(fixtures.toArray(Class<?>[]::new));
    }
}
