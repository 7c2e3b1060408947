package org.ketaminefhir.adapter.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's documents for users (README.md and docs/*.md), read as text with their code blocks told apart. */
final class RepositoryDocs {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");

    private RepositoryDocs() {}

    static List<Path> all() {
        List<Path> docs = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String read(Path doc) {
        try {
            return Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bodies of the fenced code blocks whose info string is {@code language}. */
    static List<String> codeBlocks(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean wanted = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new StringBuilder();
                    wanted = line.substring(3).trim().equals(language);
                } else {
                    if (wanted) {
                        blocks.add(block.toString());
                    }
                    block = null;
                }
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The text outside fenced code blocks: where links and headings are. */
    static String prose(String markdown) {
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (!inBlock) {
                prose.append(line).append('\n');
            }
        }
        return prose.toString();
    }
}
