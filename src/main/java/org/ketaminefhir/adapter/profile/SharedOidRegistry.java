package org.ketaminefhir.adapter.profile;

import java.lang.reflect.Field;
import org.hl7.fhir.utilities.OIDUtilities;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * One registry of known OIDs for every pooled validator. Each {@code InstanceValidator} reads the library's
 * list of 20,000 OIDs into a map of its own as it is built: 6 MB per validator (a heap dump of the adapter),
 * and the pool holds one validator per delivery worker. The registry is filled in its constructor and only
 * read after that ({@code isKnownOID}), so one instance, built once here, serves them all on any thread.
 *
 * <p>The field is private to the validator's library, so it is reached by reflection. Where a later version
 * moves it, {@link #share} does nothing and each validator keeps its own: more memory, the same answers.
 */
final class SharedOidRegistry {

    private static final Field OIDS = LibraryFields.reach(InstanceValidator.class, "oids", OIDUtilities.class);
    private static final OIDUtilities SHARED = OIDS == null ? null : new OIDUtilities();

    private SharedOidRegistry() {}

    /** Gives the validator the shared registry instead of its own (where this version of the library lets it be reached). */
    static void share(InstanceValidator validator) {
        if (OIDS == null) {
            return;
        }
        try {
            OIDS.set(validator, SHARED);
        } catch (IllegalAccessException e) {
            // the validator keeps its own
        }
    }
}
