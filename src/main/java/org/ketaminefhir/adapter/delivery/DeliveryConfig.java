package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ketaminefhir.adapter.delivery.auth.SmartBackendAuth;
import org.ketaminefhir.adapter.delivery.auth.SmartTokenInterceptor;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.ops.DeliveryMetrics;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delivery side: where bundles go (EHR or outbox) and the queue the delivery route drains. */
@Configuration
@EnableConfigurationProperties({EhrProperties.class, OutboxProperties.class, DeliveryProperties.class})
public class DeliveryConfig {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfig.class);

    @Bean
    public EhrGateway ehrGateway(EhrProperties ehr, OutboxProperties outbox, FhirContext fhir, ObjectMapper json, Clock clock,
                                 Journal journal) {
        EhrGateway gateway = ehr.configured() ? fhirGateway(ehr, fhir, json, clock, journal) : new OutboxGateway(fhir, outbox.dir());
        log.info("delivering to {}", gateway.describe());
        return gateway;
    }

    @Bean
    public DeliveryQueue deliveryQueue(Journal journal, DeliveryProperties properties, Clock clock, FhirContext fhir,
                                       DeliveryMetrics metrics, LeaseKeeper leaseKeeper) {
        return new DeliveryQueue(journal, properties, clock, fhir, metrics, leaseKeeper);
    }

    @Bean
    public LeaseKeeper leaseKeeper(Journal journal, DeliveryProperties properties) {
        return new LeaseKeeper(journal, properties.lease());
    }

    /** Renews the leases of the records in delivery here (a thread of its own: workers may all be busy). */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService leaseRenewal(LeaseKeeper leaseKeeper) {
        ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "renew-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = leaseKeeper.renewalInterval().toMillis();
        renewal.scheduleWithFixedDelay(leaseKeeper::renew, every, every, TimeUnit.MILLISECONDS);
        return renewal;
    }

    /**
     * The delivery route's workers (its split runs on them): while one record waits for the EHR, the next
     * is mapped and validated on the other core.
     */
    @Bean(destroyMethod = "shutdown")
    public ExecutorService deliveryWorkers(DeliveryProperties properties) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.concurrency(), task -> {
            Thread thread = new Thread(task, "deliver-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    public BundlePreparation bundlePreparation(ObjectMapper json, RecordMapping mapping, SessionDirectory sessions,
                                               ProfileValidator validator, DeliveryMetrics metrics) {
        return new BundlePreparation(json, mapping, sessions, validator, metrics);
    }

    /** Mapping and validation with a time budget, each on a thread the waiting worker can give up on. */
    @Bean
    public PreparationBudget preparationBudget(BundlePreparation preparation, DeliveryProperties properties) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService preparers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "prepare-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new PreparationBudget(preparation::prepare, properties.preparationBudget(), preparers);
    }

    private static EhrGateway fhirGateway(EhrProperties ehr, FhirContext fhir, ObjectMapper json, Clock clock, Journal journal) {
        ehr.check();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory().setConnectTimeout((int) ehr.connectTimeout().toMillis());
        fhir.getRestfulClientFactory().setSocketTimeout((int) ehr.readTimeout().toMillis());
        IGenericClient client = fhir.newRestfulGenericClient(ehr.baseUrl());
        SmartBackendAuth smart = null;
        switch (ehr.auth().type()) {
            case "none" -> { }
            case "basic" -> client.registerInterceptor(new BasicAuthInterceptor(ehr.auth().username(), ehr.auth().password()));
            case "bearer" -> client.registerInterceptor(new BearerTokenAuthInterceptor(ehr.auth().token()));
            case "smart-backend" -> {
                smart = new SmartBackendAuth(URI.create(ehr.auth().tokenUrl()), ehr.auth().clientId(), ehr.auth().scope(),
                        ehr.auth().keyId(), ehr.auth().keyFile(), clock);
                client.registerInterceptor(new SmartTokenInterceptor(smart));
            }
            default -> throw new IllegalStateException("checked by EhrProperties.check: " + ehr.auth().type());
        }
        String dialect = ehr.dialect().equals("auto") ? new DialectProbe(client).dialect() : ehr.dialect();
        log.info("EHR dialect {}{}", dialect, ehr.dialect().equals("auto") ? " (from its CapabilityStatement)" : "");
        if (dialect.equals("batch")) {
            return new BatchDialectGateway(client, journal, json);
        }
        return new FhirTransactionGateway(client, json, clock, smart);
    }
}
