package org.ketaminefhir.adapter.instrument;

import java.util.List;

/**
 * A screener with yes/no items and no total: the first risk rule (highest first) with a "yes" to
 * any of its items gives the level (C-SSRS screener). Answers arrive as 1 (yes) and 0 (no).
 */
final class HighestRiskScoring implements ScoringRule {

    @Override
    public String name() {
        return "highest-risk";
    }

    @Override
    public Score score(InstrumentDefinition definition, List<Integer> answers) {
        for (InstrumentDefinition.RiskRule rule : definition.scoring().riskRules()) {
            if (rule.anyYes().stream().anyMatch(item -> answers.get(item - 1) == 1)) {
                return new Score(null, rule.level());
            }
        }
        return new Score(null, definition.scoring().noRisk());
    }
}
