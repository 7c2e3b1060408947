package org.ketaminefhir.adapter.instrument;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rating scale, defined as data in {@code src/main/resources/instruments/*.json}: its items and
 * answer range, scoring rule, codes and severity bands. Adding an instrument is a new file, not code.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstrumentDefinition(
        String code,
        String id,
        String title,
        Answers answers,
        Scoring scoring,
        Range total,
        CodeRef panel,
        CodeRef totalCode,
        List<String> itemCodes,
        Difficulty difficulty,
        List<Band> bands) {

    public InstrumentDefinition {
        itemCodes = itemCodes == null ? List.of() : List.copyOf(itemCodes);
        bands = bands == null ? List.of() : List.copyOf(bands);
    }

    public boolean hasTotal() {
        return total != null;
    }

    public boolean booleanAnswers() {
        return "boolean".equals(answers.type());
    }

    public Optional<String> bandFor(int score) {
        return bands.stream()
                .filter(b -> score >= b.min() && score <= b.max())
                .map(Band::label)
                .findFirst();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Answers(String type, int count, Integer min, Integer max, List<String> codes) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scoring(String rule, List<List<Integer>> domains, List<RiskRule> riskRules, String noRisk) {}

    public record RiskRule(String level, List<Integer> anyYes) {}

    public record Range(int min, int max) {}

    /** A code; {@code system} "local" stands for the adapter's own CodeSystem (see CodeSystems). */
    public record CodeRef(String system, String code, String display) {}

    public record Difficulty(String code, Map<String, String> options) {}

    public record Band(int min, int max, String label) {}
}
