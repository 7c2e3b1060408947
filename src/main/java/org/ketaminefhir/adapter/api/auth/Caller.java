package org.ketaminefhir.adapter.api.auth;

/** Who an API key belongs to: the name given to it in configuration (shown in the audit), and its role. */
public record Caller(String name, Role role) {}
