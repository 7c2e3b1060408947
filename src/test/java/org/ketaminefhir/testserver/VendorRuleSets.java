package org.ketaminefhir.testserver;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The vendor rule sets by the name an {@link EhrShape} gives: adding a vendor adds one entry. */
final class VendorRuleSets {

    static final String NONE = "none";

    private static final Map<String, Function<EhrHoldings, VendorRules>> BY_NAME = Map.of(
            NONE,
            holdings -> resource -> Optional.empty(),
            "epic",
            EpicRules::new,
            "oracle",
            holdings -> new OracleHealthRules());

    private VendorRuleSets() {}

    static VendorRules named(String name, EhrHoldings holdings) {
        Function<EhrHoldings, VendorRules> rules = BY_NAME.get(name);
        if (rules == null) {
            throw new IllegalArgumentException("no vendor rule set '" + name + "'; known: " + BY_NAME.keySet());
        }
        return rules.apply(holdings);
    }
}
