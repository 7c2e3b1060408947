package org.ketaminefhir.adapter.instrument;

/** What scoring an instrument's answers yields: a total (absent for a risk screener) and a band. */
public record Score(Integer total, String band) {}
