package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/fhir.md's "What the EHR receives" has a table per write plan: rendered here from the plan files, so
 * the document and the plans never disagree. When they do this fails; run it with {@code -Dreadme.write=true}
 * to write the tables the plans give into docs/fhir.md (then review the diff).
 */
class ReadmePlanTablesTest {

    private static final Path README = Path.of("docs", "fhir.md");
    static final String START =
            "<!-- write-plan tables: ReadmePlanTablesTest renders them from src/main/resources/ehr-plans/*.json -->";
    static final String END = "<!-- end of write-plan tables -->";
    /** The shipped plans from the most capable EHR to the least; a plan added later goes after them by name. */
    private static final List<String> ORDER =
            List.of("full", "batch", "oracle-health", "epic", "athenahealth", "notes-only");

    private static final Map<WriteStyle, String> WRITES = Map.of(
            WriteStyle.TRANSACTION, "one transaction Bundle of conditional updates per record",
            WriteStyle.BATCH, "batch Bundles in layers, references rewritten to the EHR's ids",
            WriteStyle.SINGLE, "one create or update request per resource");
    private static final Map<EncounterOwner, String> ENCOUNTER = Map.of(
            EncounterOwner.ADAPTER, "the session's own Encounter",
            EncounterOwner.EHR, "filed against the visit the EHR holds",
            EncounterOwner.NONE, "filed against no encounter");
    private static final Map<Disposition, String> DISPOSITION =
            Map.of(Disposition.SENT, "sent", Disposition.NOTE, "in the note", Disposition.NOT_SENT, "not sent");

    @Test
    void theReadmeHasATableForEachPlanAsThePlanFilesSay() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("docs/fhir.md marks where the plan tables go").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String rendered = "\n\n"
                + tables(WritePlans.load().all().stream()
                        .sorted(Comparator.comparing((WritePlan plan) ->
                                        ORDER.contains(plan.name()) ? ORDER.indexOf(plan.name()) : ORDER.size())
                                .thenComparing(WritePlan::name))
                        .toList())
                + "\n\n";

        if (Boolean.getBoolean("readme.write")) {
            Files.writeString(
                    README,
                    readme.substring(0, start + START.length()) + rendered + readme.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(readme.substring(start + START.length(), end))
                .as("docs/fhir.md's write-plan tables against ehr-plans/*.json (-Dreadme.write=true rewrites them)")
                .isEqualTo(rendered);
    }

    static String tables(List<WritePlan> plans) {
        StringBuilder md = new StringBuilder();
        for (WritePlan plan : plans) {
            md.append("**`")
                    .append(plan.name())
                    .append("`**: ")
                    .append(plan.title())
                    .append(". ")
                    .append(how(plan))
                    .append(".\n\n")
                    .append("| resource | ")
                    .append(plan.name())
                    .append(" | why |\n|---|---|---|\n");
            for (String type : WritePlan.PRODUCED_TYPES) {
                ResourceRule rule = plan.rule(type);
                if (rule.categories().isEmpty()) {
                    row(md, type, rule);
                } else {
                    row(md, type + " (" + String.join(", ", rule.categories()) + ")", rule);
                    row(md, type + " (any other category)", rule.others());
                }
            }
            md.append('\n');
        }
        return md.toString().stripTrailing();
    }

    private static String how(WritePlan plan) {
        StringBuilder how = new StringBuilder("Writes ")
                .append(WRITES.get(plan.writes()))
                .append("; ")
                .append(ENCOUNTER.get(plan.encounter()));
        if (plan.singleCoding()) {
            how.append("; an Observation goes with its first code only");
        }
        if (plan.conceptMap() != null) {
            how.append("; codes translated by the ConceptMap `")
                    .append(plan.conceptMap())
                    .append('`');
        }
        if (plan.note() != null && plan.note().docStatus() != null) {
            how.append("; notes filed `").append(plan.note().docStatus()).append('`');
        }
        if (plan.note() != null) {
            plan.note()
                    .types()
                    .forEach((kind, code) -> how.append("; a ")
                            .append(kind)
                            .append(" note as ")
                            .append(code)
                            .append(' ')
                            .append(NoteTypes.US_CORE_CLINICAL_NOTE_TYPES.get(code)));
        }
        return how.toString();
    }

    private static void row(StringBuilder md, String resource, ResourceRule rule) {
        md.append("| ")
                .append(resource)
                .append(" | ")
                .append(DISPOSITION.get(rule.send()))
                .append(" | ")
                .append(rule.why() == null ? "" : rule.why().replace("|", "\\|"))
                .append(" |\n");
    }
}
