package org.ketaminefhir.adapter.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.adapter.record.Hl7Message.Segment;

/**
 * The MRN in PID-3: the first repetition whose identifier type (CX-5) comes first in the configured
 * order ({@code adapter.mllp.mrn-identifier-types}), never one typed as a person's national, licence,
 * passport or insurance number. A repetition without a type is used only when it is PID-3's only one:
 * a sender that types nothing sends one identifier, but of several untyped ones nothing says which is
 * the MRN. The assigning authority (CX-4) can name the EHR identifier system the MRN belongs to
 * ({@code adapter.mllp.assigning-authority-systems}), so two facilities' MRNs never meet.
 */
public final class Hl7PatientIdentifier {

    /**
     * HL7 table 0203 types that identify a person outside the clinic's records: SS social security
     * number, SB social beneficiary identifier, DL driver's licence, PPN passport, MA Medicaid, MC
     * Medicare, MB member (insurance) number, SN subscriber number, NH national health plan identifier.
     * Sending one as an MRN would put it in the EHR as one; they are refused even if configured.
     */
    public static final Set<String> NEVER_MRN = Set.of("SS", "SB", "DL", "PPN", "MA", "MC", "MB", "SN", "NH");

    /** The chosen MRN and, when its assigning authority is mapped, the EHR system it belongs to (else null). */
    public record Mrn(String value, String system) {
        @Override
        public String toString() {
            return "Mrn[…]";
        }
    }

    private final List<String> types;
    private final Map<String, String> authoritySystems;

    public Hl7PatientIdentifier(List<String> types, Map<String, String> authoritySystems) {
        this.types = List.copyOf(types);
        this.authoritySystems = Map.copyOf(authoritySystems);
    }

    Optional<Mrn> choose(Hl7Message message, Segment pid) {
        List<String> repetitions = message.repetitions(pid.field(3)).stream()
                .filter(r -> !message.component(r, 1).isBlank())
                .toList();
        for (String type : types) {
            for (String repetition : repetitions) {
                if (type(message, repetition).equalsIgnoreCase(type)) {
                    return Optional.of(mrn(message, repetition));
                }
            }
        }
        // one untyped identifier and nothing else: a sender that types nothing (older gateways)
        if (message.repetitions(pid.field(3)).size() == 1
                && repetitions.size() == 1
                && type(message, repetitions.get(0)).isEmpty()) {
            return Optional.of(mrn(message, repetitions.get(0)));
        }
        return Optional.empty();
    }

    /** What the answer says is accepted, when no repetition is. */
    public String accepted() {
        return "an identifier (CX-1) typed (CX-5) " + String.join(", ", types) + ", or a single untyped one; never "
                + String.join(", ", NEVER_MRN.stream().sorted().toList());
    }

    private Mrn mrn(Hl7Message message, String repetition) {
        String authority = message.component(repetition, 4);
        return new Mrn(message.component(repetition, 1).strip(), system(message, authority));
    }

    /** CX-4 is an HD: its namespace id (HD-1) or universal id (HD-2) may be the key of the mapping. */
    private String system(Hl7Message message, String authority) {
        for (String part : message.subcomponents(authority)) {
            String system = authoritySystems.get(part.strip());
            if (system != null && !part.isBlank()) {
                return system;
            }
        }
        return null;
    }

    // trailing spaces occur in the field (ipf's Continua WAN samples send "PI ")
    private static String type(Hl7Message message, String repetition) {
        return message.component(repetition, 5).strip();
    }
}
