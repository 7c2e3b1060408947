package org.ketaminefhir.adapter.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code adapter.api.*}: the limits of one submission (docs/interface.md, REST API: up to 1,000 records, else 413). */
@ConfigurationProperties("adapter.api")
record ApiProperties(
        @DefaultValue("1000") int maxRecords,
        @DefaultValue("10485760") long maxBytes) {}
