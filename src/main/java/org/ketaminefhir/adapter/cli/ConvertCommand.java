package org.ketaminefhir.adapter.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.channel.MllpProperties;
import org.ketaminefhir.adapter.mapping.MappingConfig;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileConfig;
import org.ketaminefhir.adapter.profile.RecordConversion;
import org.ketaminefhir.adapter.record.ClinicProperties;
import org.ketaminefhir.adapter.record.CsvRecordReader;
import org.ketaminefhir.adapter.record.Hl7VitalsReader;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.ketaminefhir.adapter.record.RecordConfig;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@code convert FILE… [--ndjson]} (docs/interface.md, Command line): reads JSON, NDJSON, CSV (the kind from the header) and
 * HL7 v2 ORU^R01 files ({@code .hl7}, one or more messages); prints the Bundle each record would become and
 * exits 0 when every record maps and validates against its profiles, 2 when any input is rejected or
 * any resource does not validate (each reason on standard error).
 * It reads the same configuration as the service (application.yaml, environment, --key=value) but
 * starts no server, journal or route.
 */
@Import({MappingConfig.class, RecordConfig.class, ProfileConfig.class})
@EnableConfigurationProperties(MllpProperties.class)
public class ConvertCommand {

    static final int OK = 0;
    static final int REJECTED = 2;
    static final int USAGE = 64;

    private final RecordConversion conversion;
    private final JsonRecordReader reader;
    private final FhirContext fhir;
    private final MllpProperties mllp;
    private final ClinicProperties clinic;

    ConvertCommand(
            RecordConversion conversion,
            JsonRecordReader reader,
            FhirContext fhir,
            MllpProperties mllp,
            ClinicProperties clinic) {
        this.conversion = conversion;
        this.reader = reader;
        this.fhir = fhir;
        this.mllp = mllp;
        this.clinic = clinic;
    }

    @Bean
    static ObjectMapper objectMapper() {
        return new ObjectMapper();
    }

    public static int run(String[] args) {
        List<Path> files = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        boolean ndjson = false;
        for (String arg : args) {
            if (arg.equals("--ndjson")) {
                ndjson = true;
            } else if (arg.startsWith("--")) {
                springArgs.add(arg);
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: convert FILE... [--ndjson] [--adapter.key=value ...]");
            return USAGE;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConvertCommand.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "spring.main.log-startup-info=false",
                        // standard output carries the bundles: keep log lines off it
                        "logging.pattern.console=")
                .run(springArgs.toArray(String[]::new))) {
            return context.getBean(ConvertCommand.class).convert(files, ndjson, System.out, System.err);
        }
    }

    int convert(List<Path> files, boolean ndjson, PrintStream out, PrintStream err) {
        IParser parser = fhir.newJsonParser().setPrettyPrint(!ndjson);
        MappingContext context = new MappingContext(Clock.systemUTC().instant(), SessionDirectory.NONE);
        boolean rejected = false;
        for (Path file : files) {
            List<Located> records;
            try {
                records = records(file, err);
            } catch (IOException e) {
                err.println(file + ": cannot read: " + e.getMessage());
                rejected = true;
                continue;
            } catch (MalformedInputException e) {
                err.println(file + ": " + e.getMessage());
                rejected = true;
                continue;
            }
            if (records == null) {
                rejected = true;
                continue;
            }
            for (Located located : records) {
                // one record at a time: a file's refused record does not hold back its others
                RecordConversion.Submission submission = conversion.convert(List.of(located), context, false);
                for (SubmissionChecker.Rejection rejection : submission.rejections()) {
                    rejection.errors().forEach(error -> err.println(file + ": " + rejection.label() + ": " + error));
                    rejected = true;
                }
                for (RecordConversion.Converted converted : submission.converted()) {
                    for (SingleValidationMessage error : converted.report().errors()) {
                        err.println(file + ": " + converted.record().label() + ": " + error.getLocationString() + ": "
                                + error.getMessage());
                        rejected = true;
                    }
                    out.println(parser.encodeResourceToString(converted.bundle()));
                }
            }
        }
        return rejected ? REJECTED : OK;
    }

    /**
     * The records of one file: JSON (a record or an array), NDJSON, CSV (the kind from its header) or
     * HL7 v2 ORU^R01 messages; null when the file's problems were printed and nothing can be read.
     */
    private List<Located> records(Path file, PrintStream err) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".hl7")) {
            Hl7VitalsReader hl7 = mllp.reader(clinic.zone());
            List<Located> records = new ArrayList<>();
            boolean failed = false;
            List<String> messages = Hl7VitalsReader.split(Files.readString(file));
            for (int i = 0; i < messages.size(); i++) {
                Hl7VitalsReader.Result read = hl7.read(messages.get(i), mllp.codeMap(null));
                if (read.problem() != null) {
                    err.println(file + ": message " + (i + 1) + ": "
                            + read.problem().ackCode() + " " + read.problem().text());
                    failed = true;
                } else {
                    records.add(new Located("/" + i, read.record()));
                }
            }
            return failed && records.isEmpty() ? null : records;
        }
        if (name.endsWith(".csv")) {
            List<Located> records = new ArrayList<>();
            boolean[] failed = {false};
            try (var in = Files.newBufferedReader(file)) {
                new CsvRecordReader().read(in, Optional.empty(), new CsvRecordReader.Rows() {
                    @Override
                    public void row(Located record, int line) {
                        records.add(record);
                    }

                    @Override
                    public void problem(CsvRecordReader.FileProblem problem) {
                        err.println(file + ": line " + problem.line() + ": " + problem.message());
                        failed[0] = true;
                    }
                });
            }
            return failed[0] && records.isEmpty() ? null : records;
        }
        byte[] content = Files.readAllBytes(file);
        return name.endsWith(".ndjson") ? reader.readNdjson(content) : reader.readJson(content);
    }
}
