package org.ketaminefhir.adapter.delivery;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code adapter.outbox.dir}: where bundles are written when no EHR is configured (docs/interface.md, Configuration). */
@ConfigurationProperties("adapter.outbox")
record OutboxProperties(@DefaultValue("outbox") Path dir) {}
