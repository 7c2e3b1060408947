package org.ketaminefhir.adapter.channel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

/**
 * The code map each MLLP route names (the second argument of {@code hl7Intake}'s {@code receive}, docs/extending.md's
 * "a second monitor vendor") is checked once the route files are read and before Camel starts them: a name
 * with no {@code adapter.mllp.vendor-code-maps} entry (a typo in the route or the configuration) stops the
 * start naming the route, the key and the names configured, instead of failing every message on that port.
 */
final class VendorCodeMapRoutes implements CamelContextConfiguration {

    // receive(<body>, '<vendor>', ...): the body expression holds no comma, the vendor is a quoted literal
    private static final Pattern VENDOR = Pattern.compile("^\\s*receive\\s*\\([^,]*,\\s*'([^']*)'");

    private final MllpProperties properties;

    VendorCodeMapRoutes(MllpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        for (RouteDefinition route :
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            processors(route.getOutputs())
                    .flatMap(p -> vendorOf(p).stream())
                    .filter(v -> !v.isEmpty())
                    .filter(vendor -> !properties.vendorCodeMaps().containsKey(vendor))
                    .findFirst()
                    .ifPresent(vendor -> {
                        throw new InvalidConfigurationException(
                                "route " + route.getRouteId() + " reads its messages with the "
                                        + "code map '" + vendor + "', but adapter.mllp.vendor-code-maps." + vendor
                                        + " is not configured "
                                        + "(configured: "
                                        + (properties.vendorCodeMaps().isEmpty()
                                                ? "none"
                                                : String.join(
                                                        ", ",
                                                        properties.vendorCodeMaps().keySet().stream()
                                                                .sorted()
                                                                .toList()))
                                        + ")",
                                "Configure adapter.mllp.vendor-code-maps." + vendor
                                        + " or name a configured map in the route, " + "and start again.");
                    });
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // checked before the routes start: nothing to do once they run
    }

    /** The vendor named by a call of hl7Intake's receive, if the processor is one. */
    static Optional<String> vendorOf(ProcessorDefinition<?> processor) {
        if (!(processor instanceof BeanDefinition bean)
                || !"hl7Intake".equals(bean.getRef())
                || bean.getMethod() == null) {
            return Optional.empty();
        }
        Matcher m = VENDOR.matcher(bean.getMethod());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Stream<ProcessorDefinition<?>> processors(List<ProcessorDefinition<?>> outputs) {
        return outputs.stream().flatMap(p -> Stream.concat(Stream.of(p), processors(p.getOutputs())));
    }
}
