package org.ketaminefhir.adapter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ are read on GitHub and in a clone: every link to a repository path resolves to a
 * file or folder inside the repository, every {@code #anchor} to a heading of its document, and no document
 * cites a file that is not in the repository.
 */
class DocsLinksTest {

    // [text](target) outside code; images and plain links alike
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    @Test
    void everyLinkToARepositoryPathResolvesInsideTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path doc : RepositoryDocs.all()) {
            Matcher link = LINK.matcher(RepositoryDocs.prose(RepositoryDocs.read(doc)));
            while (link.find()) {
                String problem = problemWith(doc, link.group(1));
                if (problem != null) {
                    broken.add(doc + ": " + link.group(1) + ": " + problem);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noDocumentCitesAFileOutsideTheRepository() {
        List<String> citations = new ArrayList<>();
        for (Path doc : RepositoryDocs.all()) {
            String text = RepositoryDocs.read(doc);
            for (String outside : List.of("../shared", "domain.md", "contract.md", "contract §", "§")) {
                if (text.contains(outside)) {
                    citations.add(doc + " cites " + outside);
                }
            }
        }
        assertThat(citations).isEmpty();
    }

    @Test
    void aMissingFileAnAnchorWithoutHeadingAndAPathOutsideAreFound() {
        Path doc = RepositoryDocs.DOCS.resolve("interface.md");

        assertThat(problemWith(doc, "../examples/vitals.json")).isNull();
        assertThat(problemWith(doc, "fhir.md#vital-signs")).isNull();
        assertThat(problemWith(doc, "../examples/no-such-example.json")).contains("no such file");
        assertThat(problemWith(doc, "fhir.md#no-such-heading")).contains("no heading");
        assertThat(problemWith(doc, "../../shared/docs/contract.md")).contains("outside the repository");
    }

    /** Why a link from the document does not resolve, or null when it does (web links are not followed). */
    private static String problemWith(Path doc, String target) {
        if (target.matches("[a-z]+:.*")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty()
                ? doc
                : doc.toAbsolutePath().getParent().resolve(path).normalize();
        if (!file.toAbsolutePath().normalize().startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor != null && !anchors(file).contains(anchor)) {
            return "no heading with the anchor #" + anchor;
        }
        return null;
    }

    /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(RepositoryDocs.prose(RepositoryDocs.read(markdown)));
        while (heading.find()) {
            anchors.add(heading.group(1)
                    .trim()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }
}
