package org.ketaminefhir.adapter.instrument;

import java.util.List;

/**
 * The total is the sum over domains of each domain's highest item (QIDS-SR16: sleep 1-4,
 * appetite/weight 6-9 and psychomotor 15-16 count once each; docs/fhir.md, Codes and their sources).
 */
final class DomainMaxSumScoring implements ScoringRule {

    @Override
    public String name() {
        return "sum-of-domain-max";
    }

    @Override
    public Score score(InstrumentDefinition definition, List<Integer> answers) {
        int total = 0;
        for (List<Integer> domain : definition.scoring().domains()) {
            total += domain.stream()
                    .mapToInt(item -> answers.get(item - 1))
                    .max()
                    .orElse(0);
        }
        return new Score(total, definition.bandFor(total).orElse(null));
    }
}
