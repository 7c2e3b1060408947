package org.ketaminefhir.adapter.mapping.note;

import java.nio.file.Path;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.notes.*}: the clinical note every session and questionnaire record becomes.
 *
 * @param templateDir a folder whose {@code session.ftl} or {@code questionnaire.ftl} replace the shipped
 *                    templates (each file on its own; unset: the shipped ones)
 * @param docStatus   {@code final} files the note signed, {@code preliminary} leaves it for a clinician to
 *                    sign where the EHR supports that (Epic); Oracle Health takes only {@code final}, hence the default
 */
@ConfigurationProperties("adapter.notes")
public record NoteSettings(
        Path templateDir, @DefaultValue("final") ReferredDocumentStatus docStatus) {

    public static NoteSettings shipped() {
        return new NoteSettings(null, ReferredDocumentStatus.FINAL);
    }
}
