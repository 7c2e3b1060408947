package org.ketaminefhir.adapter.config;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A route file (routes/*.camel.yaml) that does not parse, as YAML or as Camel's DSL: one line naming the
 * file, line and column and what is wrong there, instead of Camel's nested exceptions.
 */
class RouteFileFailureAnalyzer extends AbstractFailureAnalyzer<MarkedYamlEngineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MarkedYamlEngineException cause) {
        Mark mark = cause.getProblemMark().or(cause::getContextMark).orElse(null);
        String where = mark == null
                ? "a route file"
                : mark.getName().replaceFirst("^file:", "") + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
        String problem = cause.getProblem() != null ? cause.getProblem() : cause.getContext();
        return new FailureAnalysis(
                where + ": the route does not parse: " + problem + (mark == null ? "" : "\n" + mark.createSnippet()),
                "Fix the route file and start again; the routes shipped with the adapter are in routes/ (docs/extending.md, Layout).",
                cause);
    }
}
