package org.ketaminefhir.adapter.ehr;

import org.hl7.fhir.r4.model.Bundle;

/**
 * A record's bundle as one plan sends it: only the entries the plan sends, their references to what is
 * not sent left out, and the report of what went where.
 */
public record ShapedBundle(Bundle bundle, DeliveryReport report) {}
