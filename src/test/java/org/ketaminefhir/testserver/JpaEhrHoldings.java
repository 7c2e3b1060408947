package org.ketaminefhir.testserver;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** {@link EhrHoldings} read straight from the server's JPA storage (no HTTP, so no shape in the way). */
final class JpaEhrHoldings implements EhrHoldings {

    private final DaoRegistry daos;

    JpaEhrHoldings(DaoRegistry daos) {
        this.daos = daos;
    }

    @Override
    public Optional<Encounter> encounter(Reference reference) {
        if (reference == null
                || !reference.hasReference()
                || !reference.getReference().startsWith("Encounter/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(daos.getResourceDao(Encounter.class)
                    .read(new IdType(reference.getReference()), new SystemRequestDetails()));
        } catch (BaseServerResponseException notHeld) { // 404 or 410
            return Optional.empty();
        }
    }

    @Override
    public boolean holdsSameReading(Observation observation) {
        if (!observation.hasEffectiveDateTimeType()
                || !observation.getSubject().hasReference()
                || !observation.getCode().hasCoding()) {
            return false;
        }
        TokenOrListParam codes = new TokenOrListParam();
        observation.getCode().getCoding().forEach(coding -> codes.add(coding.getSystem(), coding.getCode()));
        SearchParameterMap same = SearchParameterMap.newSynchronous()
                .add(
                        Observation.SP_SUBJECT,
                        new ReferenceParam(observation.getSubject().getReference()))
                .add(Observation.SP_CODE, codes)
                .add(
                        Observation.SP_DATE,
                        new DateParam(
                                ParamPrefixEnum.EQUAL,
                                observation.getEffectiveDateTimeType().getValueAsString()));
        return !daos.getResourceDao(Observation.class)
                .search(same, new SystemRequestDetails())
                .getResources(0, 1)
                .isEmpty();
    }
}
