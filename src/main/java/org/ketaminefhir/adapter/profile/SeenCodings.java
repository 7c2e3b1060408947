package org.ketaminefhir.adapter.profile;

import java.lang.reflect.Field;
import java.util.List;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * Empties the list in which an {@code InstanceValidator} keeps every coding it has seen. The validator
 * collects them for a check of SNOMED CT codes against the IPS edition (off unless asked for) and never
 * empties the list; each entry holds its node stack, and so the whole element tree of the resource it came
 * from: about 2 MB per session bundle, kept for as long as the validator lives. Nothing else in it grows
 * from one validation to the next (measured by walking its fields after each of three rounds of the
 * golden bundles), so a validator whose list is emptied after each validation can serve for good.
 *
 * <p>The list is private to the validator's library, so it is reached by reflection. Where a later version
 * of the library moves it, {@link #forget} answers false and the caller retires the validator instead.
 */
final class SeenCodings {

    private static final Field OBSERVER = LibraryFields.reach(InstanceValidator.class, "codingObserver", Object.class);
    private static final Field LIST =
            OBSERVER == null ? null : LibraryFields.reach(OBSERVER.getType(), "list", List.class);

    private SeenCodings() {}

    /** Empties the validator's list of seen codings; false when this version of the validator has none to reach. */
    static boolean forget(InstanceValidator validator) {
        if (LIST == null) {
            return false;
        }
        try {
            Object observer = OBSERVER.get(validator);
            if (observer != null && LIST.get(observer) instanceof List<?> seen) {
                seen.clear();
                return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            return false;
        }
    }
}
