package org.ketaminefhir.adapter;

import java.util.Arrays;
import org.ketaminefhir.adapter.cli.ConvertCommand;
import org.ketaminefhir.adapter.cli.NewApiKeyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/**
 * The adapter: {@code java -jar ketamine-fhir-adapter.jar} runs the service;
 * {@code java -jar ketamine-fhir-adapter.jar convert FILE…} is the dry-run command (docs/interface.md, Command line);
 * {@code java -jar ketamine-fhir-adapter.jar new-api-key NAME ROLE} makes an API key and its configuration line.
 */
// callers are API keys (api.auth), never Spring's generated user and password
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class AdapterApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("convert")) {
            System.exit(ConvertCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("new-api-key")) {
            System.exit(NewApiKeyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(AdapterApplication.class, args);
    }
}
