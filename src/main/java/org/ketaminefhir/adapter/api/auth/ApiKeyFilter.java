package org.ketaminefhir.adapter.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <key>}. A known key authenticates the request as its caller; an
 * unknown one is remembered so the 401 can say so (rather than "no key").
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String UNKNOWN_KEY = ApiKeyFilter.class.getName() + ".unknownKey";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String presented = header.substring(BEARER.length()).strip();
            keys.find(presented)
                    .ifPresentOrElse(
                            caller -> SecurityContextHolder.getContext()
                                    .setAuthentication(new ApiKeyAuthentication(caller)),
                            () -> request.setAttribute(UNKNOWN_KEY, Boolean.TRUE));
        }
        chain.doFilter(request, response);
    }
}
