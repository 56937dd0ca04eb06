package org.giggossip.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.giggossip.node.api.ApiClient;
import org.giggossip.node.api.ApiClient.ApiClientException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running node over its app API: the common options,
 * and one place that turns a failed call into a message on standard error and
 * exit code 1.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions options;

    /** Does the command's work with a client of the node; returns the exit code. */
    abstract int run(ApiClient client, PrintWriter out) throws ApiClientException;

    @Override
    public final Integer call() {
        try {
            return run(options.client(), spec.commandLine().getOut());
        } catch (ApiClientException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
    }
}
