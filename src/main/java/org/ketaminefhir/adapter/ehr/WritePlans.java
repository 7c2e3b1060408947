package org.ketaminefhir.adapter.ehr;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The write plans shipped with the adapter, one file each ({@code ehr-plans/*.json} on the class path).
 * A plan that names an unknown resource type, leaves one out, or withholds one without saying why does
 * not load: an operator must always be able to read why something did not reach the EHR. Nor does one whose
 * ConceptMap cannot be read or whose note type is not one of US Core's clinical note types.
 */
public final class WritePlans {

    private static final String FOLDER = "classpath*:ehr-plans/*.json";

    private final Map<String, WritePlan> byName = new LinkedHashMap<>();

    public WritePlans(Collection<WritePlan> plans) {
        for (WritePlan plan : plans) {
            check(plan);
            if (byName.put(plan.name(), plan) != null) {
                throw new IllegalStateException("two write plans are named " + plan.name());
            }
        }
    }

    /** The plans on the class path. */
    public static WritePlans load() {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<WritePlan> plans = new ArrayList<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(FOLDER)) {
                try (InputStream in = file.getInputStream()) {
                    plans.add(json.readValue(in, WritePlan.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the write plan " + file.getFilename(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the write plans", e);
        }
        return new WritePlans(plans);
    }

    public Optional<WritePlan> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<WritePlan> all() {
        return byName.values();
    }

    /** The plan whose {@code recognizes} fields all match the statement's, if one does. */
    public Optional<WritePlan> recognizing(EhrCapabilities capabilities) {
        return byName.values().stream()
                .filter(plan -> !plan.recognizes().isEmpty())
                .filter(plan -> plan.recognizes().entrySet().stream()
                        .allMatch(field -> field.getValue().equalsIgnoreCase(capabilities.describedBy(field.getKey()))))
                .findFirst();
    }

    private static void check(WritePlan plan) {
        String where = "write plan " + plan.name() + ": ";
        if (plan.name() == null || plan.writes() == null || plan.encounter() == null) {
            throw new IllegalStateException(where + "name, writes and encounter are required");
        }
        for (String type : plan.resources().keySet()) {
            if (!WritePlan.PRODUCED_TYPES.contains(type)) {
                throw new IllegalStateException(where + type + " is not a type the adapter produces; expected one of "
                        + WritePlan.PRODUCED_TYPES);
            }
        }
        checkNote(where, plan.note());
        if (plan.conceptMap() != null) {
            try {
                CodeTranslation.of(plan.conceptMap());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + e.getMessage(), e);
            }
        }
        for (String type : WritePlan.PRODUCED_TYPES) {
            ResourceRule rule = plan.resources().get(type);
            if (rule == null) {
                throw new IllegalStateException(where + "no rule for " + type + " (every produced type needs one)");
            }
            check(where + type, type, rule, plan);
            if (!rule.categories().isEmpty()) {
                if (rule.others() == null) {
                    throw new IllegalStateException(where + type + " names categories but no rule for the others");
                }
                check(where + type + " (others)", type, rule.others(), plan);
            }
        }
    }

    private static void checkNote(String where, WritePlan.NoteRules note) {
        if (note == null) {
            return;
        }
        note.types().forEach((kind, code) -> {
            if (!WritePlan.NoteRules.NOTE_KINDS.contains(kind)) {
                throw new IllegalStateException(where + "note.types: " + kind
                        + " is not a record kind with a note; expected " + WritePlan.NoteRules.NOTE_KINDS);
            }
            if (!NoteTypes.known(code)) {
                throw new IllegalStateException(where + "note.types." + kind + ": " + code + " is not one of US Core's "
                        + "clinical note types " + new TreeSet<>(NoteTypes.US_CORE_CLINICAL_NOTE_TYPES.keySet()));
            }
        });
    }

    private static void check(String where, String type, ResourceRule rule, WritePlan plan) {
        if (rule.send() == null) {
            throw new IllegalStateException(where + ": send is required (sent, note or not-sent)");
        }
        if (rule.send() != Disposition.SENT && (rule.why() == null || rule.why().isBlank())) {
            throw new IllegalStateException(where + ": a rule that does not send says why");
        }
        if (rule.send() == Disposition.NOTE && !WritePlan.CARRIED_BY_NOTE.contains(type)) {
            throw new IllegalStateException(where + ": the clinical note does not carry a " + type);
        }
        if (rule.send() == Disposition.NOTE
                && plan.resources().get("DocumentReference").send() != Disposition.SENT) {
            throw new IllegalStateException(
                    where + ": goes into the note, but the plan sends no note (DocumentReference)");
        }
    }
}
