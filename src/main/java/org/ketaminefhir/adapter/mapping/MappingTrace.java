package org.ketaminefhir.adapter.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition;

/**
 * For every field of an input record, where it went: the resource (by its identity part) and the
 * element, with the value found there by FHIRPath, so the trace shows what the bundle really holds
 * rather than what it should. Fields that reached nothing are listed as unused, with the reason, so
 * nothing is dropped silently. The rules are data: {@code src/main/resources/mapping-trace/<kind>.json}.
 */
public final class MappingTrace {

    /** One input field and where it landed. */
    public record Landing(String input, String value, String resource, String element, List<String> found) {}

    /** One input field that reached nothing, and why. */
    public record Unused(String input, String value, String reason) {}

    public record Result(List<Landing> mapped, List<Unused> unused) {}

    private record Rule(String input, String part, String path, String note) {}

    private final FhirContext fhir;
    private final InstrumentCatalog instruments;
    private final Map<RecordKind, List<Rule>> rules;

    private MappingTrace(FhirContext fhir, InstrumentCatalog instruments, Map<RecordKind, List<Rule>> rules) {
        this.fhir = fhir;
        this.instruments = instruments;
        this.rules = rules;
    }

    public static MappingTrace load(FhirContext fhir, InstrumentCatalog instruments) {
        ObjectMapper json = new ObjectMapper();
        Map<RecordKind, List<Rule>> rules = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            String file = "/mapping-trace/" + kind.wireName() + ".json";
            try (InputStream in = MappingTrace.class.getResourceAsStream(file)) {
                List<Rule> kindRules = new ArrayList<>(List.of(json.readValue(in, Rule[].class)));
                kindRules.addAll(vitalSignRules(kind, VitalSignCatalog.standard()));
                rules.put(kind, List.copyOf(kindRules));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("cannot read the mapping trace rules " + file, e);
            }
        }
        return new MappingTrace(fhir, instruments, rules);
    }

    /** Where each measurement of the vital-sign catalog lands, for the readings a kind of record has. */
    private static List<Rule> vitalSignRules(RecordKind kind, VitalSignCatalog catalog) {
        String readings = switch (kind) {
            case SESSION -> "/vitals/*/";
            case VITALS -> "/readings/*/";
            case QUESTIONNAIRE -> null;
        };
        List<Rule> rules = new ArrayList<>();
        for (VitalSignDefinition definition :
                readings == null ? List.<VitalSignDefinition>of() : catalog.definitions()) {
            for (Measurement measurement : definition.measurements()) {
                if (measurement.takenIn(kind.wireName())) {
                    String path = definition.panel()
                            ? "component.where(code.coding.code='"
                                    + measurement.code().get(0).code() + "').value.value"
                            : "value.value";
                    rules.add(
                            new Rule(readings + measurement.field(), "vitals/{time}/" + definition.part(), path, null));
                }
            }
        }
        return rules;
    }

    public Result trace(RecordKind kind, JsonNode input, List<MappedResource> resources) {
        List<Landing> mapped = new ArrayList<>();
        List<Unused> unused = new ArrayList<>();
        IFhirPath fhirPath = fhir.newFhirPath();
        for (Leaf leaf : leaves(input, "", null)) {
            List<Rule> matching = rules.get(kind).stream()
                    .filter(r -> matches(r.input(), leaf.pointer()))
                    .toList();
            if (matching.isEmpty()) {
                unused.add(new Unused(leaf.pointer(), leaf.value().asText(), "no mapping for this field"));
                continue;
            }
            // a field may land in several places (a patient's name on the REMS form and on a Patient created for it)
            List<Landing> landings = new ArrayList<>();
            List<String> misses = new ArrayList<>();
            for (Rule rule : matching) {
                land(rule, leaf, resources, fhirPath, landings).ifPresent(misses::add);
            }
            if (landings.isEmpty()) {
                unused.add(new Unused(leaf.pointer(), leaf.value().asText(), String.join("; ", misses)));
            }
            mapped.addAll(landings);
        }
        return new Result(mapped, unused);
    }

    /** Adds where the rule puts the leaf in the resources; empty if it landed, else why not. */
    private Optional<String> land(
            Rule rule, Leaf leaf, List<MappedResource> resources, IFhirPath fhirPath, List<Landing> landings) {
        String part = resolve(rule.part(), leaf);
        List<MappedResource> targets =
                resources.stream().filter(r -> partMatches(part, r.part())).toList();
        if (targets.isEmpty()) {
            return Optional.of("this record produces no " + part);
        }
        String path = rule.path().replace("{index}", String.valueOf(leaf.index()));
        boolean landed = false;
        for (MappedResource target : targets) {
            List<String> found = fhirPath.evaluate(target.resource(), path, IBase.class).stream()
                    .filter(IPrimitiveType.class::isInstance)
                    .map(value -> ((IPrimitiveType<?>) value).getValueAsString())
                    .toList();
            if (!found.isEmpty()) {
                landings.add(new Landing(
                        leaf.pointer(),
                        leaf.value().asText(),
                        target.resource().fhirType() + " " + target.part(),
                        path,
                        found));
                landed = true;
            }
        }
        return landed
                ? Optional.empty()
                : Optional.of(
                        "nothing at " + path + " of " + part + (rule.note() == null ? "" : " (" + rule.note() + ")"));
    }

    /** A value in the input, with the object it sits in (for {time}, {type}, {instrument}) and its array index. */
    private record Leaf(String pointer, JsonNode value, JsonNode parent, int index) {}

    private static List<Leaf> leaves(JsonNode node, String pointer, JsonNode parent) {
        List<Leaf> leaves = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                String child = pointer + "/" + field.getKey();
                if (value.isContainerNode()) {
                    leaves.addAll(leaves(value, child, node));
                } else if (!value.isNull()) {
                    leaves.add(new Leaf(child, value, node, -1));
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isContainerNode()) {
                    leaves.addAll(leaves(item, pointer + "/" + i, parent));
                } else {
                    leaves.add(new Leaf(pointer + "/" + i, item, parent, i));
                }
            }
        }
        return leaves;
    }

    private static boolean matches(String pattern, String pointer) {
        String[] want = pattern.split("/");
        String[] have = pointer.split("/");
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    /** Fills {time}, {type} and {instrument} from the object the value sits in, as the mappers name parts. */
    private String resolve(String template, Leaf leaf) {
        JsonNode container = leaf.parent();
        String resolved = template;
        if (resolved.contains("{time}")) {
            JsonNode time = container.path("time");
            resolved = resolved.replace(
                    "{time}",
                    time.isTextual()
                            ? FhirTime.part(OffsetDateTime.parse(time.asText()))
                            : "item-" + (arrayIndex(leaf) + 1));
        }
        if (resolved.contains("{type}")) {
            resolved = resolved.replace("{type}", container.path("type").asText());
        }
        if (resolved.contains("{instrument}")) {
            resolved = resolved.replace(
                    "{instrument}",
                    instruments
                            .find(container.path("instrument").asText())
                            .map(InstrumentDefinition::id)
                            .orElse("?"));
        }
        return resolved;
    }

    private static int arrayIndex(Leaf leaf) {
        String[] segments = leaf.pointer().split("/");
        return Integer.parseInt(segments[segments.length - 2]);
    }

    private static boolean partMatches(String pattern, String part) {
        return pattern.endsWith("*")
                ? part.startsWith(pattern.substring(0, pattern.length() - 1))
                : part.equals(pattern);
    }
}
