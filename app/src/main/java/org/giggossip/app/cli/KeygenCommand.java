package org.giggossip.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gg keygen --out FILE [--force]}: creates a node identity, a secp256k1
 * key in a PEM "EC PRIVATE KEY" file readable by its owner only, and prints the
 * node id (the x-only public key, hex) alone on standard output, so scripts can
 * capture it. Refuses to replace an existing file unless {@code --force} is given.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = "Create a node key file (owner-only) and print its public key (the node id).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Key file to create; missing parent directories are created owner-only.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists (the old key is lost).")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!force && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            stderr.println("gg keygen: " + out + " already exists; refusing to overwrite a key"
                    + " (use --force to replace it)");
            return 1;
        }
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        try {
            KeyFile.save(out, key, force);
        } catch (KeyFileException e) {
            stderr.println("gg keygen: " + e.getMessage());
            return 1;
        }
        stdout.println(key.publicKey().hex());
        stderr.println("gg keygen: wrote " + out + " (readable by its owner only)");
        return 0;
    }
}
