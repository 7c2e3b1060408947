package org.ketaminefhir.adapter.record;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.patients.*} (docs/interface.md, Configuration): the identifier system of {@code patient.mrn} in Patient
 * references, whether a patient the EHR does not have is created from the record's demographics
 * ({@code MissingPatients}), and what an MRN may look like.
 *
 * @param mrnPattern a regular expression every {@code patient.mrn} must match as a whole, on every
 *                   channel. The default takes what EHR MRNs are made of (letters, digits, {@code .},
 *                   {@code _}, {@code -}; 1 to 64, starting with a letter or digit): characters that mean
 *                   nothing in a URL or a FHIR search, so an MRN can only ever find its own patient.
 *                   Spaces are left out: in an export they are padding far more often than part of an
 *                   MRN; an EHR whose MRNs hold them can widen the pattern.
 */
@ConfigurationProperties("adapter.patients")
public record PatientProperties(
        @DefaultValue("urn:ketamine-fhir-adapter:mrn") String mrnSystem,
        @DefaultValue("false") boolean createMissing,
        @DefaultValue(DEFAULT_MRN_PATTERN) String mrnPattern) {

    static final String DEFAULT_MRN_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public PatientProperties {
        compile(mrnPattern);
    }

    public Pattern mrn() {
        return compile(mrnPattern);
    }

    private static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException(
                    "adapter.patients.mrn-pattern is not a regular expression: " + e.getDescription(),
                    "Set adapter.patients.mrn-pattern to a Java regular expression, e.g. " + DEFAULT_MRN_PATTERN);
        }
    }
}
