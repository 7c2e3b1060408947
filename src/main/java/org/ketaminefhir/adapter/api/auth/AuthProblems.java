package org.ketaminefhir.adapter.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ketaminefhir.adapter.api.Problems;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem+json, saying what was missing. They name the caller's role and the
 * roles that would do, never anything from the request's body.
 */
final class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;

    AuthProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean unknownKey = request.getAttribute(ApiKeyFilter.UNKNOWN_KEY) != null;
        response.setHeader("WWW-Authenticate", unknownKey ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(
                request,
                response,
                401,
                "unauthenticated",
                "Unauthenticated",
                unknownKey
                        ? "the API key in Authorization: Bearer is not one the adapter knows"
                        : "send an API key as Authorization: Bearer <key>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String role = SecurityContextHolder.getContext().getAuthentication() != null
                        && SecurityContextHolder.getContext()
                                        .getAuthentication()
                                        .getPrincipal()
                                instanceof Caller caller
                ? caller.role().wireName()
                : "anonymous";
        write(
                request,
                response,
                403,
                "forbidden",
                "Forbidden",
                "a key with the " + role + " role may not " + request.getMethod() + " " + request.getRequestURI() + "; "
                        + SecurityConfig.rolesFor(request));
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String type,
            String title,
            String detail)
            throws IOException {
        Problems.write(
                response,
                json,
                Problems.problem(HttpStatusCode.valueOf(status), type, title, detail),
                request.getRequestURI());
    }
}
