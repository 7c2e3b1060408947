package org.ketaminefhir.adapter.mapping.note;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

/**
 * The note templates (FreeMarker): the shipped ones in {@code src/main/resources/notes/}, each replaced by a
 * file of the same name in {@code adapter.notes.template-dir} when there is one. Every template is parsed at
 * start, so a broken edit stops start-up with its file and line instead of failing records later; an edit
 * takes effect at the next start. (Read again while running, a broken edit would fail every record's note,
 * and a record that fails for its note is not retried.)
 */
final class NoteTemplates {

    static final List<String> NAMES = List.of("session.ftl", "questionnaire.ftl");

    private final Configuration freemarker;

    NoteTemplates(Path templateDir) {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(loader(templateDir));
        freemarker.setDefaultEncoding("UTF-8");
        // parsed once, at start (see above), never read again while the adapter runs
        freemarker.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        freemarker.setLocale(Locale.US);
        freemarker.setNumberFormat("0.##");
        freemarker.setBooleanFormat("yes,no");
        freemarker.setObjectWrapper(new NoteObjectWrapper());
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        // FreeMarker's own log line of a failed template may quote the record's values (PHI)
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        // templates are edited by IT staff: they format text, they do not instantiate Java classes
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
        for (String name : NAMES) {
            try {
                freemarker.getTemplate(name);
            } catch (IOException e) {
                throw new InvalidConfigurationException(
                        "note template " + name + " cannot be read or parsed: " + e.getMessage(),
                        "fix the template in adapter.notes.template-dir, or remove it to use the shipped one");
            }
        }
    }

    private static TemplateLoader loader(Path templateDir) {
        List<TemplateLoader> loaders = new ArrayList<>();
        // an empty value (an environment variable set to "") means unset, not the working directory
        if (templateDir != null && !templateDir.toString().isEmpty()) {
            if (!Files.isDirectory(templateDir)) {
                throw new InvalidConfigurationException(
                        "adapter.notes.template-dir is not a folder",
                        "set it to a folder holding session.ftl and/or questionnaire.ftl, or leave it unset");
            }
            try {
                loaders.add(new FileTemplateLoader(templateDir.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        loaders.add(new ClassTemplateLoader(NoteTemplates.class, "/notes"));
        return new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
    }

    /**
     * The template's text for this data model. A failure names the template and the place in it (a value
     * missing that the template did not give a default), never a value of the record.
     */
    String render(String name, Map<String, ?> model) {
        StringWriter text = new StringWriter();
        try {
            freemarker.getTemplate(name).process(model, text);
        } catch (TemplateException e) {
            // the instruction stack is the template's own text; FreeMarker's message may quote record values
            throw new IllegalStateException(
                    "note template " + name + " failed at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                            + ": " + e.getFTLInstructionStack().strip());
        } catch (IOException e) {
            throw new UncheckedIOException("note template " + name + " cannot be read", e);
        }
        return text.toString();
    }

    /** Java records as hashes (FreeMarker's default), and each OffsetDateTime as a {@link NoteTime}. */
    private static final class NoteObjectWrapper extends DefaultObjectWrapper {
        NoteObjectWrapper() {
            super(Configuration.VERSION_2_3_34);
        }

        @Override
        protected TemplateModel handleUnknownType(Object object) throws TemplateModelException {
            return object instanceof OffsetDateTime time
                    ? super.handleUnknownType(NoteTime.of(time))
                    : super.handleUnknownType(object);
        }
    }
}
