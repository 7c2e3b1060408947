package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auto} (contract §4): the dialect the EHR's CapabilityStatement allows. {@code transaction} when it
 * declares the transaction interaction and conditional updates; else {@code batch}. An EHR that cannot be
 * asked at start is assumed to take transactions (the contract's default style); the log says so.
 */
final class DialectProbe {

    private static final Logger log = LoggerFactory.getLogger(DialectProbe.class);

    private final IGenericClient client;

    DialectProbe(IGenericClient client) {
        this.client = client;
    }

    String dialect() {
        CapabilityStatement capabilities;
        try {
            capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
        } catch (RuntimeException e) {
            log.warn("the EHR's /metadata could not be read ({}); assuming the transaction dialect", e.getClass().getSimpleName());
            return "transaction";
        }
        boolean transactions = capabilities.getRest().stream().flatMap(rest -> rest.getInteraction().stream())
                .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        boolean conditionalUpdates = capabilities.getRest().stream().flatMap(rest -> rest.getResource().stream())
                .filter(r -> r.getType().equals("Observation")).anyMatch(CapabilityStatement.CapabilityStatementRestResourceComponent::getConditionalUpdate);
        return transactions && conditionalUpdates ? "transaction" : "batch";
    }
}
