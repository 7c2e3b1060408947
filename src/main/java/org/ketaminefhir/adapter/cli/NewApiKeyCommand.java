package org.ketaminefhir.adapter.cli;

import java.io.PrintStream;
import org.ketaminefhir.adapter.api.auth.ApiKeys;
import org.ketaminefhir.adapter.api.auth.Role;

/**
 * {@code new-api-key NAME ROLE}: a new random key for a caller, and the configuration that trusts it.
 * The key is shown once; the adapter keeps only its SHA-256.
 */
public final class NewApiKeyCommand {

    private NewApiKeyCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2
                || !args[0].matches("[A-Za-z0-9._@-]{1,100}")
                || Role.fromWireName(args[1]).isEmpty()) {
            err.println("usage: java -jar ketamine-fhir-adapter.jar new-api-key NAME ROLE");
            err.println("  NAME: who holds the key, shown in the audit (letters, digits, . _ @ -)");
            err.println("  ROLE: one of " + Role.wireNames());
            return 2;
        }
        String key = ApiKeys.generate();
        String hash = ApiKeys.sha256(key);
        out.println("key (give it to the caller; it is not shown again): " + key);
        out.println();
        out.println("application.yaml:");
        out.println("adapter:");
        out.println("  security:");
        out.println("    api-keys:");
        out.println("      - name: " + args[0]);
        out.println("        role: " + args[1]);
        out.println("        sha256: " + hash);
        out.println();
        out.println("or a line of adapter.security.api-keys-file:");
        out.println(args[0] + " " + args[1] + " " + hash);
        return 0;
    }
}
