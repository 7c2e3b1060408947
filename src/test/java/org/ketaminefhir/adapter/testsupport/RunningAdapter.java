package org.ketaminefhir.adapter.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.ketaminefhir.adapter.AdapterApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole adapter started in the test JVM with the given settings, for tests that stop and start
 * it again (a restart on the same journal) or run it against a real FHIR server.
 */
public final class RunningAdapter implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final AdapterClient client;

    public RunningAdapter(Map<String, Object> properties) {
        this(properties, new Class<?>[0]);
    }

    /**
     * @param testSources classes whose beans the test adds (e.g. a BeanPostProcessor that slows a bean down);
     *                    never @Configuration: the adapter's component scan would find them in every test
     */
    public RunningAdapter(Map<String, Object> properties, Class<?>... testSources) {
        Map<String, Object> all = new HashMap<>();
        all.put("server.port", "0");
        all.put("adapter.delivery.poll-interval", "100ms");
        all.putAll(properties);
        // as command-line arguments: builder "properties" are defaults, which application.yaml would override
        String[] arguments = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        context = new SpringApplicationBuilder(AdapterApplication.class)
                .sources(testSources)
                .run(arguments);
        client = new AdapterClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    public AdapterClient client() {
        return client;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
