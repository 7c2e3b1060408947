package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.ketaminefhir.adapter.ehr.BundleShaper;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.FittedPlan;
import org.ketaminefhir.adapter.ehr.ShapedBundle;
import org.ketaminefhir.adapter.ehr.WriteStyle;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
import org.ketaminefhir.adapter.journal.Journal;

/**
 * Delivery to an EHR under its write plan: a record's bundle is cut to what the plan sends
 * ({@link BundleShaper}), then sent in the plan's style: one transaction of conditional updates
 * (docs/interface.md, Delivery), or in layers as batches or single requests ({@link LayeredWrites}). Every style goes through the
 * same {@link EhrClient} and its failures through {@link EhrFailure}. The outcome carries the shaper's
 * report of what was sent, what only the note carries and what the EHR could not take.
 */
final class PlannedGateway implements EhrGateway {

    private final EhrClient client;
    private final FittedPlan fitted;
    private final EhrCapabilities capabilities;
    private final Journal journal;
    private final ObjectMapper json;
    private final EhrEncounters encounters;

    /**
     * @param capabilities the EHR's CapabilityStatement, or null when it could not be read at start
     * @param encounters   finds the EHR's own visit for plans that file against it; null: the visit that
     *                     carries the session's encounter identifier
     */
    public PlannedGateway(
            EhrClient client,
            FittedPlan fitted,
            EhrCapabilities capabilities,
            Journal journal,
            ObjectMapper json,
            EhrEncounters encounters) {
        this.client = client;
        this.fitted = fitted;
        this.capabilities = capabilities;
        this.journal = journal;
        this.json = json;
        this.encounters = encounters;
    }

    @Override
    public AttemptOutcome send(PreparedBundle prepared) {
        ShapedBundle shaped = BundleShaper.shape(prepared.bundle(), fitted.plan());
        if (shaped.bundle().getEntry().isEmpty()) {
            return AttemptOutcome.delivered(
                    null,
                    "nothing of this record is sent under the plan "
                            + fitted.plan().name(),
                    "[]",
                    shaped.report());
        }
        ArrayNode ids = json.createArrayNode();
        try {
            if (fitted.plan().writes() == WriteStyle.TRANSACTION) {
                transaction(shaped.bundle(), ids);
                return AttemptOutcome.delivered(200, "transaction accepted", ids.toString(), shaped.report());
            }
            DeliveryReport report = new LayeredWrites(
                            client, journal, fitted.plan(), capabilities, encounters, prepared, shaped.report(), ids)
                    .send(shaped.bundle());
            return AttemptOutcome.delivered(
                    200, fitted.plan().writes().wireName() + " writes accepted", ids.toString(), report);
        } catch (BaseServerResponseException e) {
            throw EhrFailure.of(e);
        }
    }

    /** The id and version the EHR gave each entry, from the transaction-response locations. */
    private void transaction(Bundle bundle, ArrayNode ids) {
        for (Bundle.BundleEntryComponent entry : client.bundle(bundle).getEntry()) {
            if (entry.getResponse().hasLocation()) {
                IdType id = new IdType(entry.getResponse().getLocation());
                ids.addObject()
                        .put("type", id.getResourceType())
                        .put("id", id.getIdPart())
                        .put("version", id.getVersionIdPart());
            }
        }
    }

    /** The plan's name and its adjustments to the EHR (the status page shows it). */
    @Override
    public String dialect() {
        return fitted.describe();
    }

    @Override
    public Reachability reachability() {
        return client.ping();
    }

    @Override
    public String describe() {
        return "FHIR " + fitted.plan().writes().wireName() + " writes to " + client.serverBase() + ", write plan "
                + fitted.describe();
    }

    public FittedPlan plan() {
        return fitted;
    }
}
