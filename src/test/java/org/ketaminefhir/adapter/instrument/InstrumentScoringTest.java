package org.ketaminefhir.adapter.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstrumentScoringTest {

    private final InstrumentCatalog catalog = InstrumentCatalog.load();

    @Test
    void everyInstrumentOfTheContractIsDefined() {
        assertThat(catalog.codes())
                .contains("PHQ-9", "GAD-7", "PCL-5", "C-SSRS", "MADRS", "QIDS-SR16", "CADSS", "MOAA/S");
    }

    @Test
    void phq9SumsItsItemsAndBandsTheTotal() {
        assertThat(score("PHQ-9", List.of(2, 2, 1, 3, 1, 1, 2, 0, 1))).isEqualTo(new Score(13, "moderate"));
        assertThat(score("PHQ-9", Collections.nCopies(9, 0))).isEqualTo(new Score(0, "minimal"));
        assertThat(score("PHQ-9", Collections.nCopies(9, 3))).isEqualTo(new Score(27, "severe"));
    }

    @Test
    void gad7AtTheBandEdges() {
        assertThat(score("GAD-7", List.of(1, 1, 1, 1, 0, 0, 0))).isEqualTo(new Score(4, "minimal"));
        assertThat(score("GAD-7", List.of(1, 1, 1, 1, 1, 0, 0))).isEqualTo(new Score(5, "mild"));
        assertThat(score("GAD-7", Collections.nCopies(7, 3))).isEqualTo(new Score(21, "severe"));
    }

    @Test
    void qidsCountsOnlyTheHighestItemOfSleepAppetiteAndPsychomotorDomains() {
        // sleep items 1-4 = 3,1,2,0 count 3; appetite/weight 6-9 = 0,2,1,0 count 2; psychomotor 15-16 = 1,3 count 3
        List<Integer> answers = List.of(3, 1, 2, 0, 2, 0, 2, 1, 0, 1, 1, 0, 2, 1, 1, 3);
        // 3 + 2 (mood) + 2 + 1 + 1 + 0 + 2 + 1 + 3 = 15
        assertThat(score("QIDS-SR16", answers)).isEqualTo(new Score(15, "moderate"));
        assertThat(score("QIDS-SR16", Collections.nCopies(16, 3))).isEqualTo(new Score(27, "very severe"));
        assertThat(score("QIDS-SR16", Collections.nCopies(16, 0))).isEqualTo(new Score(0, "none"));
    }

    @Test
    void cssrsScreenerRiskLevels() {
        assertThat(score("C-SSRS", List.of(0, 0, 0, 0, 0, 0)).band()).isEqualTo("no risk identified");
        assertThat(score("C-SSRS", List.of(1, 1, 0, 0, 0, 0)).band()).isEqualTo("low risk");
        assertThat(score("C-SSRS", List.of(1, 1, 1, 0, 0, 0)).band()).isEqualTo("moderate risk");
        assertThat(score("C-SSRS", List.of(1, 1, 1, 1, 0, 0)).band()).isEqualTo("high risk");
        assertThat(score("C-SSRS", List.of(0, 0, 0, 0, 0, 1)).band()).isEqualTo("high risk");
        assertThat(score("C-SSRS", List.of(1, 1, 1, 1, 1, 1)).total()).isNull();
    }

    @Test
    void madrsAndCadssAtTheirMaxima() {
        assertThat(score("MADRS", Collections.nCopies(10, 6))).isEqualTo(new Score(60, "severe"));
        assertThat(score("CADSS", Collections.nCopies(23, 4)).total()).isEqualTo(92);
        assertThat(score("PCL-5", Collections.nCopies(20, 4)).total()).isEqualTo(80);
    }

    private Score score(String code, List<Integer> answers) {
        return catalog.score(catalog.find(code).orElseThrow(), answers);
    }
}
