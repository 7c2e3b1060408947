package org.ketaminefhir.adapter.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code adapter.inbox.*}: the file drop's watched folder ({@code sessions/}, {@code vitals/},
 * {@code questionnaires/} below it) and the time between looks at each folder, a number being milliseconds.
 * The routes ({@code routes/inbox-*.camel.yaml}) read both as placeholders; they are bound here too so a
 * value that is no duration stops the start naming its key, before any route starts.
 */
@ConfigurationProperties("adapter.inbox")
record InboxProperties(
        @DefaultValue("inbox") Path dir,

        @DefaultValue("1000") @DurationUnit(ChronoUnit.MILLIS)
        Duration pollInterval) {}
