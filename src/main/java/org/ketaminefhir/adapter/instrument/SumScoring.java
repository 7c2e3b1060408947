package org.ketaminefhir.adapter.instrument;

import java.util.List;

/** The total is the sum of the item scores (PHQ-9, GAD-7, PCL-5, MADRS, CADSS). */
final class SumScoring implements ScoringRule {

    @Override
    public String name() {
        return "sum";
    }

    @Override
    public Score score(InstrumentDefinition definition, List<Integer> answers) {
        int total = answers.stream().mapToInt(Integer::intValue).sum();
        return new Score(total, definition.bandFor(total).orElse(null));
    }
}
