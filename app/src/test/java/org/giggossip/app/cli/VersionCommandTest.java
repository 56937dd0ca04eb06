package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code gg --version}: the version and the commit the build baked in, then the JVM. */
class VersionCommandTest {
    private final CapturedGg gg = new CapturedGg();

    @Test
    void printsTheVersionTheCommitAndTheJvm() {
        assertThat(gg.run("--version")).isZero();
        var lines = gg.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("gg [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)? \\(commit ([0-9a-f]{40}(-dirty)?|unknown)\\)");
        assertThat(lines.get(1)).startsWith("Java " + Runtime.version() + " (");
        assertThat(gg.err()).isEmpty();
    }

    @Test
    void everySubcommandPrintsTheSame() {
        assertThat(gg.run("--version")).isZero();
        String top = gg.out();
        CapturedGg node = new CapturedGg();
        assertThat(node.run("node", "--version")).isZero();
        assertThat(node.out()).isEqualTo(top);
        CapturedGg deep = new CapturedGg();
        assertThat(deep.run("settler", "admin", "grant", "-V")).isZero();
        assertThat(deep.out()).isEqualTo(top);
    }

    @Test
    void theVersionComesFromTheBuildNotTheManifest() {
        // tests run from target/classes, where no manifest names a version: the filtered resource does
        assertThat(VersionProvider.version()).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
    }

    @Test
    void aCommitIsFortyHexDigitsMaybeDirtyAndAnythingElseIsUnknown() {
        String id = "1cf457cd9a5069145083da5ae107f397cdcde8cf";
        assertThat(VersionProvider.commit(id + "\n")).isEqualTo(id);
        assertThat(VersionProvider.commit(id + "-dirty\n")).isEqualTo(id + "-dirty");
        assertThat(VersionProvider.commit(null)).isEqualTo("unknown");
        assertThat(VersionProvider.commit("")).isEqualTo("unknown");
        assertThat(VersionProvider.commit("fatal: not a git repository (or any of the parent directories): .git"))
                .isEqualTo("unknown");
        assertThat(VersionProvider.commit("fatal: detected dubious ownership in repository at '/src'\n" + id))
                .isEqualTo("unknown");
        assertThat(VersionProvider.commit(id.substring(0, 7))).isEqualTo("unknown");
        assertThat(VersionProvider.commit(id.toUpperCase(java.util.Locale.ROOT))).isEqualTo("unknown");
    }
}
