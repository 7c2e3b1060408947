package org.ketaminefhir.adapter.instrument;

import java.util.Optional;

/** What scoring an instrument's answers yields: a total (absent for a risk screener) and a band. */
public record Score(Integer total, String band) {

    public Optional<Integer> totalIfAny() {
        return Optional.ofNullable(total);
    }

    public Optional<String> bandIfAny() {
        return Optional.ofNullable(band);
    }
}
