package org.ketaminefhir.adapter.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * The list {@link OneWalkInstanceValidator} hands the library's {@code startInner} for a resource's messages,
 * into which the library merges its walk's messages in constant time per message instead of linear.
 *
 * <p>The library merges a walk's messages into the list it is given with {@code addMessagesReplaceExistingIfMoreSevere}:
 * for each message it searches the list from its start for the first one with the same text and stripped location;
 * none found, it adds the message; found, it puts the message in that one's place if it is more severe. For a
 * Bundle, that walk holds every entry's messages: thousands of searches of thousands of messages, comparing the
 * stripped locations (made anew each time) of every pair with the same text. This list answers that search
 * with "empty" ({@link #size()} is 0 until {@link #settle()}), so the library adds every message, and
 * {@link #add} does what the search would have decided, through an index of each text and location's first position:
 * the same messages in the same order, in the same places.
 *
 * <p>Nothing else reads the list before the merge, and only one other thing may write into it: a failed rule
 * before the walk (then the list is empty, so merging is appending). When the library finds the resource
 * validated against the profile before, it adds the earlier messages that the list does not contain instead: its
 * {@link #contains} settles the list first, so those are appended as the library means. The validator settles
 * the list once the merge is done: from then on it is an ordinary list.
 *
 * <p>All this holds for the library as it is (org.hl7.fhir.validation 6.7.9): {@code MessagesMergedByIndexTest} calls
 * its merge by name, so a version without it fails the build, and {@code IndexedMergeIT} holds the messages of
 * golden, broken and large bundles to those of the library's own search.
 */
final class MessagesMergedByIndex extends ArrayList<ValidationMessage> {

    private boolean merging = true;
    private final Map<String, Integer> firstAt = new HashMap<>();

    /** 0 while the library merges into the list, so that its linear search ends at once. */
    @Override
    public int size() {
        return merging ? 0 : super.size();
    }

    @Override
    public boolean add(ValidationMessage message) {
        if (!merging) {
            return super.add(message);
        }
        String key = key(message);
        Integer at = key == null ? null : firstAt.putIfAbsent(key, super.size());
        if (at == null) {
            return super.add(message);
        }
        if (moreSevere(message, get(at))) {
            set(at, message);
        }
        return true;
    }

    @Override
    public boolean contains(Object message) {
        settle();
        return super.contains(message);
    }

    /** Ends the merge: the list is an ordinary list from now on. */
    void settle() {
        merging = false;
        firstAt.clear();
    }

    /**
     * What the library's merge matches messages by: the text and the location without its comments
     * ({@code /*Observation/abc*}{@code /}). Null for a message without either, which the library never matches.
     */
    static String key(ValidationMessage message) {
        return message.getMessage() == null || message.getLocation() == null
                ? null
                : message.getMessage() + "\u0000" + message.getStrippedLocation();
    }

    /** Whether the library's merge puts {@code added} in the place of {@code existing}, of the same key. */
    static boolean moreSevere(ValidationMessage added, ValidationMessage existing) {
        return added.getLevel().ordinal() < existing.getLevel().ordinal();
    }
}
