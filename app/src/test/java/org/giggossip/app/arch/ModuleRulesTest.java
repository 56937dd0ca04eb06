package org.giggossip.app.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The module rules ({@link ModuleRules}) hold for the main classes of every module. */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleRules.mainClasses();
    }

    static Stream<ArchRule> rules() {
        return Stream.concat(Stream.of(ModuleRules.coreUsesNoNetwork(), ModuleRules.coreUsesNoFiles(),
                        ModuleRules.coreHoldsNoJdbc(), ModuleRules.coreStartsNoThreads(),
                        ModuleRules.coreReadsNoSystemClock(), ModuleRules.coreCreatesNoSecureRandom(),
                        ModuleRules.noInsecureRandomness()),
                Stream.concat(ModuleRules.moduleDependencies().stream(), ModuleRules.noPackageCycles().stream()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void holds(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void everyModuleButBenchIsOnTheClasspath() {
        for (String module : ModuleRules.MODULES.keySet()) {
            String root = ModuleRules.ROOT + "." + module;
            long count = classes.stream().filter(c -> c.getPackageName().equals(root)
                    || c.getPackageName().startsWith(root + ".")).count();
            if (module.equals("bench")) {
                assertThat(count).as(module).isZero();
            } else {
                assertThat(count).as("main classes of " + module).isPositive();
            }
        }
    }

    @Test
    void everyModuleOnTheClasspathIsListed() {
        // a new module (its root package under org.giggossip) must say in MODULES which modules it may use
        assertThat(classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(ModuleRules.ROOT + "."))
                .map(p -> p.substring(ModuleRules.ROOT.length() + 1))
                .map(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p).distinct())
                .isNotEmpty().allMatch(ModuleRules.MODULES::containsKey);
    }

    @Test
    void noTestClassIsImported() {
        assertThat(classes.stream().map(JavaClass::getName))
                .doesNotContain(ModuleRulesTest.class.getName(), "org.giggossip.core.testing.FakeClock");
    }

    @Test
    void everyAllowedClassExists() {
        // an allow-list entry whose class was renamed or moved would silently allow nothing
        for (List<String> list : List.of(ModuleRules.ALLOWED_FILES, ModuleRules.ALLOWED_THREADS,
                ModuleRules.ALLOWED_SYSTEM_CLOCK, ModuleRules.ALLOWED_NETWORK, ModuleRules.ALLOWED_OWN_SECURE_RANDOM,
                ModuleRules.ALLOWED_INSECURE_RANDOM)) {
            for (String name : list) {
                assertThat(classes.contain(name)).as(name).isTrue();
            }
        }
    }
}
