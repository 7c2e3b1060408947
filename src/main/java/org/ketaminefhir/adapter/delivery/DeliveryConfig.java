package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ketaminefhir.adapter.delivery.DeliveryQueue.DeliveryListener;
import org.ketaminefhir.adapter.ehr.FittedPlan;
import org.ketaminefhir.adapter.ehr.OperatorConceptMap;
import org.ketaminefhir.adapter.ehr.WritePlan;
import org.ketaminefhir.adapter.ehr.WritePlans;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delivery side: where bundles go (EHR or outbox) and the queue the delivery route drains. */
@Configuration
@EnableConfigurationProperties({EhrProperties.class, OutboxProperties.class, DeliveryProperties.class})
class DeliveryConfig {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfig.class);

    @Bean
    public EhrGateway ehrGateway(
            EhrProperties ehr,
            OutboxProperties outbox,
            FhirContext fhir,
            ObjectMapper json,
            Clock clock,
            Journal journal,
            WritePlans writePlans,
            ObjectProvider<EhrEncounters> encounters,
            OperatorConceptMap conceptMap) {
        EhrGateway gateway = ehr.configured()
                ? fhirGateway(ehr, fhir, json, clock, journal, writePlans, encounters.getIfAvailable(), conceptMap)
                : new OutboxGateway(fhir, outbox.dir());
        log.info("delivering to {}", gateway.describe());
        return gateway;
    }

    @Bean
    public DeliveryQueue deliveryQueue(
            Journal journal,
            DeliveryProperties properties,
            Clock clock,
            FhirContext fhir,
            DeliveryListener metrics,
            LeaseKeeper leaseKeeper,
            EhrProperties ehr) {
        return new DeliveryQueue(journal, properties, clock, fhir, metrics, leaseKeeper, ehr.encounterWaiting());
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
    public BundlePreparation bundlePreparation(
            ObjectMapper json,
            RecordMapping mapping,
            SessionDirectory sessions,
            ProfileValidator validator,
            DeliveryListener metrics) {
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

    /** The write plans shipped on the class path ({@code ehr-plans/*.json}). */
    @Bean
    public WritePlans writePlans() {
        return WritePlans.load();
    }

    /**
     * The EHR's client and its write plan. {@code encounters}: the lookup of the EHR's own visit, for plans
     * that file against it (none: the visit carrying the session's encounter identifier is searched for);
     * {@code conceptMap}: the operator's code translation, which replaces the plan's own.
     */
    private static EhrGateway fhirGateway(
            EhrProperties ehr,
            FhirContext fhir,
            ObjectMapper json,
            Clock clock,
            Journal journal,
            WritePlans plans,
            EhrEncounters encounters,
            OperatorConceptMap conceptMap) {
        ehr.check();
        ehr.checkPlan(plans.all().stream().map(WritePlan::name).toList());
        EhrClient client = EhrClient.of(ehr, fhir, clock);
        PlanChoice choice = PlanChoice.choose(ehr.planName(), plans, client);
        log.info(
                "EHR write plan {}{}",
                choice.fitted().describe(),
                ehr.planName().equals(EhrProperties.AUTO) ? " (auto, from its CapabilityStatement)" : "");
        FittedPlan fitted = new FittedPlan(
                conceptMap.applyTo(choice.fitted().plan()), choice.fitted().adjustments());
        return new PlannedGateway(client, fitted, choice.capabilities(), journal, json, encounters);
    }
}
