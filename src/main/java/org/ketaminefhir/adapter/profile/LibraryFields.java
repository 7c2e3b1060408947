package org.ketaminefhir.adapter.profile;

import java.lang.reflect.Field;

/**
 * The one way the adapter reaches a private field of the validator's library ({@link SeenCodings},
 * {@link SharedOidRegistry}): null where a later version no longer has it, so that each caller falls back
 * to what the library does on its own.
 */
final class LibraryFields {

    private LibraryFields() {}

    /** The field, made accessible, or null when {@code owner} has no such field of that type. */
    static Field reach(Class<?> owner, String name, Class<?> type) {
        try {
            Field field = owner.getDeclaredField(name);
            if (!type.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
