package org.ketaminefhir.adapter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * A feature's settings bound as the adapter binds them, without starting it: the shipped application.yaml,
 * under the given overrides (as an operator's --key=value), into the feature's properties record.
 */
public final class ShippedSettings {

    private ShippedSettings() {}

    public static <T> T bind(String prefix, Class<T> properties, Map<String, String> overrides) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        sources.add(new MapConfigurationPropertySource(overrides));
        try {
            new YamlPropertySourceLoader()
                    .load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(source -> sources.add(ConfigurationPropertySource.from(source)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(sources).bindOrCreate(prefix, Bindable.of(properties));
    }
}
