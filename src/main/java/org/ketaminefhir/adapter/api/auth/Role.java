package org.ketaminefhir.adapter.api.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * docs/interface.md, REST API: what an API key may do. {@code admin} may do everything, and alone may reveal an MRN.
 */
public enum Role {
    /** posts records (and dry runs) */
    SUBMITTER,
    /** reads delivery state, replays dead letters, uses the dashboard, scrapes metrics */
    OPERATOR,
    /** all of the above, and reveals masked MRNs */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(role -> role.wireName().equals(name))
                .findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }

    /** The Spring Security roles a key of this role holds: an admin key holds them all. */
    public List<GrantedAuthority> authorities() {
        List<Role> held = this == ADMIN ? List.of(values()) : List.of(this);
        return held.stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList();
    }
}
