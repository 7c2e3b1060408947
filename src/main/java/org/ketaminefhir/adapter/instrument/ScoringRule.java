package org.ketaminefhir.adapter.instrument;

import java.util.List;

/** One way of scoring answers, named in an instrument definition's {@code scoring.rule}. */
interface ScoringRule {

    String name();

    /** Scores answers already checked against the definition (count, type and range). */
    Score score(InstrumentDefinition definition, List<Integer> answers);
}
