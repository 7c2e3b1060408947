package org.ketaminefhir.adapter.ops;

import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** Each Camel route (routes/*.camel.yaml) and whether it runs: the channels and the delivery loop. */
public class RouteStatuses {

    public record RouteStatus(String id, String status, String from, long uptimeMillis) {}

    private final CamelContext camel;

    RouteStatuses(CamelContext camel) {
        this.camel = camel;
    }

    public List<RouteStatus> all() {
        return camel.getRoutes().stream()
                .sorted(Comparator.comparing(Route::getRouteId))
                .map(route -> new RouteStatus(
                        route.getRouteId(),
                        String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId())),
                        route.getEndpoint().getEndpointBaseUri(),
                        route.getUptimeMillis()))
                .toList();
    }
}
