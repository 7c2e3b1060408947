package org.ketaminefhir.adapter;

import java.util.Arrays;
import org.ketaminefhir.adapter.cli.ConvertCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The adapter: {@code java -jar ketamine-fhir-adapter.jar} runs the service;
 * {@code java -jar ketamine-fhir-adapter.jar convert FILE…} is the dry-run command (contract §3.4).
 */
@SpringBootApplication
public class AdapterApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("convert")) {
            System.exit(ConvertCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(AdapterApplication.class, args);
    }
}
