package org.ketaminefhir.adapter.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ketaminefhir.adapter.api.auth.Caller;
import org.ketaminefhir.adapter.journal.AuditTrail;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.RecordListing;
import org.ketaminefhir.adapter.ops.EhrReachability;
import org.ketaminefhir.adapter.ops.RouteStatuses;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's view of the whole adapter: who is asking, what flowed, the routes, the EHR, the audit. */
@RestController
@RequestMapping("/api/v1")
class OverviewController {

    private static final int MAX_AUDIT = 500;

    private final RecordListing listing;
    private final Journal journal;
    private final RouteStatuses routes;
    private final EhrReachability ehr;
    private final AuditTrail audit;

    public OverviewController(
            RecordListing listing, Journal journal, RouteStatuses routes, EhrReachability ehr, AuditTrail audit) {
        this.listing = listing;
        this.journal = journal;
        this.routes = routes;
        this.ehr = ehr;
        this.audit = audit;
    }

    /** Any key: its name and role, so the dashboard shows what the caller may do. */
    @GetMapping("/whoami")
    public Map<String, Object> whoami(@AuthenticationPrincipal Caller caller) {
        return Map.of("name", caller.name(), "role", caller.role().wireName());
    }

    @GetMapping("/overview")
    public Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("recordsByState", listing.countsByState());
        overview.put("waiting", journal.waitingCount());
        overview.put("oldestWaitingSince", journal.oldestWaiting().orElse(null));
        overview.put("ehr", ehr.current());
        overview.put("routes", routes.all());
        return overview;
    }

    @GetMapping("/audit")
    public Map<String, Object> audit(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_AUDIT) {
            throw new BadQueryException("limit: " + limit + " is out of range; expected 1 to " + MAX_AUDIT);
        }
        return Map.of("events", audit.recent(limit));
    }
}
