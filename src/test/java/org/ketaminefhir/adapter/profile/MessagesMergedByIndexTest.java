package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueType;
import org.hl7.fhir.utilities.validation.ValidationMessage.Source;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.Test;

/**
 * The library's own merge ({@code InstanceValidator.addMessagesReplaceExistingIfMoreSevere}, called here as the
 * library calls it) gives the same list merging into {@link MessagesMergedByIndex} as into an ordinary list, and
 * takes time linear in the messages instead of quadratic.
 */
class MessagesMergedByIndexTest {

    private static final String OBSERVATION_A = "Bundle.entry[1].resource/*Observation/a*/.performer";
    private static final String OBSERVATION_B = "Bundle.entry[2].resource/*Observation/b*/.performer";

    @Test
    void theLibrarysMergeGivesTheSameMessagesInTheSamePlaces() throws Exception {
        List<ValidationMessage> walk = List.of(
                message("no performer", OBSERVATION_A, IssueSeverity.WARNING),
                message(
                        "no performer",
                        "Bundle.entry[1].resource.performer",
                        IssueSeverity.ERROR), // same place, stripped: replaces
                message("no performer", OBSERVATION_B, IssueSeverity.WARNING),
                message(
                        "no performer",
                        "Bundle.entry[2].resource/*Observation/other*/.performer",
                        IssueSeverity.INFORMATION), // dropped
                message(
                        "no performer",
                        "Bundle.entry[2].resource.performer",
                        IssueSeverity.WARNING), // as severe: dropped
                message("unknown code", OBSERVATION_A, IssueSeverity.INFORMATION),
                message("no place", null, IssueSeverity.WARNING), // no location: never matched, appended
                message("no place", null, IssueSeverity.ERROR),
                message("unknown code", "Bundle.entry[1].resource.code", IssueSeverity.FATAL));

        List<ValidationMessage> byTheLibrarysSearch = new ArrayList<>();
        librarysMerge(byTheLibrarysSearch, walk);
        MessagesMergedByIndex byIndex = new MessagesMergedByIndex();
        librarysMerge(byIndex, walk);
        byIndex.settle();

        assertThat(byIndex)
                .usingElementComparator(MessagesMergedByIndexTest::same)
                .containsExactlyElementsOf(byTheLibrarysSearch);
        assertThat(byIndex).hasSize(6);
    }

    @Test
    void aBundlesWorthOfMessagesMergesInLinearTime() {
        // 40,000 best-practice warnings of one text, each at its own resource: the library's search compares the
        // stripped locations of 800 million pairs (minutes); the index takes milliseconds
        List<ValidationMessage> walk = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            walk.add(message(
                    "should have a performer",
                    "Bundle.entry[" + i + "].resource/*Observation/o" + i + "*/.performer",
                    IssueSeverity.WARNING));
        }
        MessagesMergedByIndex byIndex = new MessagesMergedByIndex();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> librarysMerge(byIndex, walk));
        byIndex.settle();
        assertThat(byIndex).hasSize(40_000);
    }

    @Test
    void settledItIsAnOrdinaryList() {
        MessagesMergedByIndex messages = new MessagesMergedByIndex();
        messages.add(message("no performer", OBSERVATION_A, IssueSeverity.WARNING));
        messages.settle();
        messages.add(message("no performer", OBSERVATION_A, IssueSeverity.WARNING));
        assertThat(messages).hasSize(2);
    }

    /** The library adds a resource's earlier messages the list does not contain: asking settles the list, so each is added. */
    @Test
    void messagesAddedWhereTheListDoesNotContainThemAreAllAdded() {
        MessagesMergedByIndex messages = new MessagesMergedByIndex();
        // the same text at the same place stripped of its comments: merged, the second would replace the first
        for (ValidationMessage earlier : List.of(
                message("no performer", OBSERVATION_A, IssueSeverity.WARNING),
                message("no performer", "Bundle.entry[1].resource.performer", IssueSeverity.ERROR))) {
            if (!messages.contains(earlier)) {
                messages.add(earlier);
            }
        }
        assertThat(messages).hasSize(2);
    }

    private static void librarysMerge(List<ValidationMessage> into, List<ValidationMessage> walk) throws Exception {
        Method merge = InstanceValidator.class.getDeclaredMethod(
                "addMessagesReplaceExistingIfMoreSevere", List.class, List.class);
        merge.setAccessible(true);
        try {
            merge.invoke(null, into, walk);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static ValidationMessage message(String text, String location, IssueSeverity level) {
        return new ValidationMessage(Source.InstanceValidator, IssueType.BUSINESSRULE, location, text, level);
    }

    private static int same(ValidationMessage a, ValidationMessage b) {
        return a == b ? 0 : 1;
    }
}
