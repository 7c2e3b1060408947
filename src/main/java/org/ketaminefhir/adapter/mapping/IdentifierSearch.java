package org.ketaminefhir.adapter.mapping;

import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.util.UrlUtil;
import com.google.common.escape.Escaper;
import com.google.common.net.PercentEscaper;
import java.util.Optional;

/**
 * The one place where an identifier becomes a FHIR search ({@code identifier=<system>|<value>}), as the EHR
 * runs it for a conditional update, a conditional reference, an {@code ifNoneExist} or a plain search. A
 * value is data, never syntax: {@code \ , | $} are escaped with a backslash (FHIR R4 search, "Escaping
 * Search Parameters"), else {@code A,B} is an OR search and {@code A|B} another system; system and value
 * are then percent-encoded, else {@code X&_id=1} adds a search parameter and {@code %41} or {@code +} (a
 * space to a server's form decoder) change the value. What stays as written is what cannot mean anything
 * else in a query value (the unreserved characters, {@code :} and {@code /}), so that the usual URL reads as
 * before: {@code Patient?identifier=urn:oid:2.16.840.1.113883.3.999|100234}.
 */
public final class IdentifierSearch {

    private static final String PARAMETER = "identifier=";
    private static final Escaper URL = new PercentEscaper("-._~:/", false);

    private IdentifierSearch() {}

    /** {@code identifier=<system>|<value>}, escaped and URL-encoded: the query of a search URL or an ifNoneExist. */
    public static String query(String system, String value) {
        return PARAMETER + encoded(system) + "|" + encoded(value);
    }

    /** A value as a search's token carries it: escaped for FHIR (an EHR's message may quote it so). */
    public static String escaped(String value) {
        return ParameterUtil.escape(value);
    }

    /** A value as the adapter puts it into a URL: escaped for FHIR, then percent-encoded. */
    public static String encoded(String value) {
        return URL.escape(escaped(value));
    }

    /** {@code <type>?identifier=<system>|<value>}: a conditional URL or reference. */
    public static String url(String resourceType, String system, String value) {
        return resourceType + "?" + query(system, value);
    }

    /** The identifier value a URL made by {@link #url} searches for; empty for any other URL (e.g. {@code Type/id}). */
    public static Optional<String> value(String url) {
        int start = url.indexOf("?" + PARAMETER);
        if (start < 0) {
            return Optional.empty();
        }
        // the separator is the one | left as written: those of the system and value are escaped and encoded
        String token = url.substring(start + 1 + PARAMETER.length());
        int bar = token.indexOf('|');
        return bar < 0
                ? Optional.empty()
                : Optional.of(ParameterUtil.unescape(UrlUtil.unescape(token.substring(bar + 1))));
    }
}
