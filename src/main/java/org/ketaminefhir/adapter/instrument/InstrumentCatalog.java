package org.ketaminefhir.adapter.instrument;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every instrument definition on the classpath ({@code instruments/*.json}), by its code in records. */
public final class InstrumentCatalog {

    private static final List<ScoringRule> RULES =
            List.of(new SumScoring(), new DomainMaxSumScoring(), new HighestRiskScoring());

    private final Map<String, InstrumentDefinition> byCode;
    private final Map<String, ScoringRule> rulesByName;

    InstrumentCatalog(List<InstrumentDefinition> definitions) {
        this.byCode = new TreeMap<>(
                definitions.stream().collect(Collectors.toMap(InstrumentDefinition::code, Function.identity())));
        this.rulesByName = RULES.stream().collect(Collectors.toMap(ScoringRule::name, Function.identity()));
        for (InstrumentDefinition definition : definitions) {
            if (!rulesByName.containsKey(definition.scoring().rule())) {
                throw new IllegalStateException("instrument " + definition.code() + " names unknown scoring rule '"
                        + definition.scoring().rule() + "'; known: " + rulesByName.keySet());
            }
        }
    }

    /** Loads {@code classpath*:instruments/*.json}. */
    public static InstrumentCatalog load() {
        ObjectMapper json = new ObjectMapper();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:instruments/*.json");
            List<InstrumentDefinition> definitions = new java.util.ArrayList<>();
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    definitions.add(json.readValue(in, InstrumentDefinition.class));
                }
            }
            return new InstrumentCatalog(definitions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instrument definitions", e);
        }
    }

    public Optional<InstrumentDefinition> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Set<String> codes() {
        return byCode.keySet();
    }

    public Score score(InstrumentDefinition definition, List<Integer> answers) {
        return rulesByName.get(definition.scoring().rule()).score(definition, answers);
    }
}
