package org.ketaminefhir.adapter.delivery.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.delivery.EhrGateway;
import org.ketaminefhir.adapter.ehr.BundleShaper;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.FittedPlan;
import org.ketaminefhir.adapter.ehr.PlanFit;
import org.ketaminefhir.adapter.ehr.WritePlan;
import org.ketaminefhir.adapter.ehr.WritePlans;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.EhrShape;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * One write plan against the test EHR shaped like its vendor's: the contract's examples (which are golden
 * fixtures) and the golden fixtures one EHR can hold together delivered with the first write's answer lost, then, after a restart on the same journal, all
 * resent with a correction and a retraction, then all resent by an adapter with a journal of its own (no
 * write ledger: only the lookups before a create keep copies out). After each step the EHR holds exactly
 * what the plan promises: per type and identifier, what {@link BundleShaper} keeps of the golden bundles,
 * each once; and the shaped EHR refused nothing. Each plan is a subclass: one shaped server per shape (the
 * JVM shares it), three adapter starts per plan.
 */
abstract class WritePlanDeliveryIT {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    static {
        // a test EHR's first /metadata, right after its start on a loaded machine, can take longer than 10 s
        FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
    }
    /** The golden files' namespace and MRN system; each plan's test takes its own, so plans sharing a server stay apart. */
    private static final String GOLDEN_NAMESPACE = "urn:ketamine-fhir-adapter:clinic:test";

    private static final String GOLDEN_MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.1";
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    /** The contract's examples as golden fixtures (the same files), in the order they are sent. */
    static final List<String> EXAMPLES = List.of(
            "session/ketamine-iv-completed",
            "session/esketamine-in-completed",
            "questionnaire/phq9-with-session",
            "vitals/with-session");
    /**
     * The other golden fixtures one EHR can hold beside the examples: sessions, forms filled in the same minute
     * and a reading matched to its session by time (left out: fixtures that repeat another's session id or
     * its readings at the same times for the same patient, which no EHR would hold twice).
     */
    static final List<String> MORE = List.of(
            "session/ketamine-im-not-done",
            "session/ketamine-po-cancelled",
            "session/esketamine-not-done-without-times",
            "session/ketamine-cancelled-one-reading",
            "session/ketamine-im-only-required-fields",
            "questionnaire/cadss-pre-session",
            "questionnaire/gad7-all-maxima",
            "questionnaire/madrs-moderate",
            "questionnaire/pcl5-all-zeros",
            "questionnaire/qids-sr16-domains",
            "vitals/matched-by-time");
    /** Forms of no session the adapter knows: nothing to file them against where the EHR owns encounters. */
    static final List<String> WITHOUT_SESSION =
            List.of("questionnaire/cssrs-screener", "questionnaire/gad7-total-only");

    static final String CORRECTION = "session/correction-drops-a-reading";
    static final String RETRACTION = "questionnaire/retraction";
    static final List<String> MRNS = List.of("100234", "100987");

    private final ObjectMapper json = new ObjectMapper();
    private final String plan;
    private final EhrShape shape;
    private final String autoPlan;

    /**
     * @param plan     the plan's name, as {@code adapter.ehr.plan} takes it
     * @param shape    the test EHR it is delivered to
     * @param autoPlan what {@code auto} chooses against that EHR
     */
    WritePlanDeliveryIT(String plan, EhrShape shape, String autoPlan) {
        this.plan = plan;
        this.shape = shape;
        this.autoPlan = autoPlan;
    }

    String plan() {
        return plan;
    }

    EhrShape shape() {
        return shape;
    }

    /** What the EHR holds before the adapter sends anything (patients are seeded for every plan). */
    void seed(InProcessFhirServer ehr) {}

    /** Whether the EHR's resources of this type are the adapter's to count (not the visits a test seeded). */
    boolean counted(String type) {
        return !type.equals("Patient");
    }

    /** Every fixture sent first (the examples first, sessions before what refers to them). */
    List<String> sent() {
        List<String> sent = new ArrayList<>(EXAMPLES);
        sent.addAll(MORE);
        sent.addAll(WITHOUT_SESSION);
        return sent;
    }

    String namespace() {
        return "urn:ketamine-fhir-adapter:clinic:plan-" + plan();
    }

    String mrnSystem() {
        return GOLDEN_MRN_SYSTEM + "." + Math.abs(plan().hashCode() % 1000);
    }

    @Test
    void theEhrHoldsWhatThePlanPromisesOnceThroughALostAnswerACorrectionARetractionAndResends() throws Exception {
        InProcessFhirServer ehr = InProcessFhirServer.shaped(shape());
        ehr.attempts().clear();
        MRNS.forEach(mrn -> ehr.ensurePatient(mrnSystem(), mrn));
        seed(ehr);
        FittedPlan fitted = PlanFit.fit(
                WritePlans.load().named(plan()).orElseThrow(),
                EhrCapabilities.of(ehr.unshapedClient()
                        .capabilities()
                        .ofType(CapabilityStatement.class)
                        .execute()));
        Path journal = Path.of("target", "plan-it", plan() + "-" + System.nanoTime());

        List<Expected> expected = new ArrayList<>();
        sent().forEach(name -> expected.add(expected(name, fitted.plan())));
        try (RunningAdapter adapter = new RunningAdapter(settings(ehr, journal))) {
            assertThat(adapter.bean(EhrGateway.class).dialect()).startsWith(plan());
            ehr.loseNextWriteAnswer();
            sendAll(adapter);
        }
        assertHolds(ehr, expected);

        expected.add(expected(CORRECTION, fitted.plan()));
        expected.add(expected(RETRACTION, fitted.plan()));
        // restarted with auto where auto picks this plan: the status says which, and delivery goes on as before
        Map<String, Object> restart = settings(ehr, journal);
        if (autoPlan.equals(plan)) {
            restart.put("adapter.ehr.plan", "auto");
        }
        try (RunningAdapter restarted = new RunningAdapter(restart)) {
            assertThat(restarted.bean(EhrGateway.class).dialect()).startsWith(plan());
            assertThat(restarted.client().get("/api/v1/overview").text()).contains(plan());
            EXAMPLES.forEach(name -> send(restarted, name));
            send(restarted, CORRECTION);
            send(restarted, RETRACTION);
            awaitDelivered(restarted, CORRECTION, 2);
            awaitDelivered(restarted, RETRACTION, 2);
        }
        assertHolds(ehr, expected);
        assertRetracted(ehr, fitted, RETRACTION);
        assertRetracted(ehr, fitted, CORRECTION);

        try (RunningAdapter withoutLedger =
                new RunningAdapter(settings(ehr, journal.resolveSibling(journal.getFileName() + "-b")))) {
            sendAll(withoutLedger);
        }
        assertHolds(ehr, expected);
    }

    @Test
    void autoPicksThisPlanForItsServer() {
        InProcessFhirServer ehr = InProcessFhirServer.shaped(shape());
        FittedPlan auto = PlanFit.auto(
                WritePlans.load(),
                EhrCapabilities.of(ehr.unshapedClient()
                        .capabilities()
                        .ofType(CapabilityStatement.class)
                        .execute()));
        assertThat(auto.plan().name()).isEqualTo(autoPlan);
    }

    private Map<String, Object> settings(InProcessFhirServer ehr, Path journal) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", "jdbc:h2:file:./" + journal);
        settings.put("adapter.ehr.base-url", ehr.baseUrl());
        settings.put("adapter.ehr.plan", plan());
        settings.put("adapter.clinic.identifier-system", namespace());
        settings.put("adapter.patients.mrn-system", mrnSystem());
        settings.put("adapter.delivery.initial-backoff", "200ms");
        return settings;
    }

    /** The sessions, delivered, then what refers to them (a reading is matched to its session by time). */
    private void sendAll(RunningAdapter adapter) {
        List<String> sessions =
                sent().stream().filter(name -> name.startsWith("session/")).toList();
        List<String> others =
                sent().stream().filter(name -> !sessions.contains(name)).toList();
        sessions.forEach(name -> send(adapter, name));
        sessions.forEach(name -> awaitDelivered(adapter, name, 1));
        others.forEach(name -> send(adapter, name));
        others.forEach(name -> awaitDelivered(adapter, name, 1));
    }

    private void send(RunningAdapter adapter, String name) {
        adapter.client()
                .post(
                        "/api/v1/records",
                        "application/json",
                        fixture(name, ".input.json").getBytes());
    }

    private void awaitDelivered(RunningAdapter adapter, String name, int revision) {
        try {
            JsonNode record = json.readTree(fixture(name, ".input.json"));
            String path = "/api/v1/records/" + record.path("kind").asText() + "/"
                    + record.path("sourceId").asText();
            await().atMost(Duration.ofMinutes(4)).until(() -> {
                JsonNode status = adapter.client().get(path).body();
                assertThat(status.path("state").asText())
                        .as(name + ": " + status.path("lastError").asText())
                        .isNotEqualTo("failed");
                // withheld: settled with nothing sent, where the plan takes no part of the record (athenahealth's
                // sessions)
                return status.path("revision").asInt() >= revision
                        && Set.of("delivered", "withheld")
                                .contains(status.path("state").asText());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's text in this plan's namespace and MRN system. */
    private String fixture(String name, String suffix) {
        try {
            return Files.readString(FIXTURES.resolve(name + suffix))
                    .replace(GOLDEN_NAMESPACE, namespace())
                    .replace(GOLDEN_MRN_SYSTEM, mrnSystem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden bundle cut to the plan: what the EHR is to hold of the record. */
    private Expected expected(String name, WritePlan plan) {
        Bundle golden = FHIR.newJsonParser().parseResource(Bundle.class, fixture(name, ".expected.json"));
        Bundle shaped = BundleShaper.shape(golden, plan).bundle();
        return new Expected(shaped.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList());
    }

    record Expected(List<Resource> resources) {}

    /** Per type, the identifiers in the namespace (Provenance: its record's identifier), each once and none else. */
    private void assertHolds(InProcessFhirServer ehr, List<Expected> expected) {
        for (String type : WritePlan.PRODUCED_TYPES) {
            if (!counted(type)) {
                continue;
            }
            List<String> wanted = expected.stream()
                    .flatMap(e -> e.resources().stream())
                    .filter(resource -> resource.fhirType().equals(type))
                    .map(this::key)
                    .distinct()
                    .sorted()
                    .toList();
            List<String> held = held(ehr.unshapedClient(), type).stream()
                    .map(this::key)
                    .sorted()
                    .toList();
            assertThat(held)
                    .as(plan() + ": the EHR's " + type + " resources, by identifier")
                    .isEqualTo(wanted);
        }
        assertThat(ehr.attempts().refused())
                .as(plan() + ": refused by the shaped EHR")
                .isEmpty();
    }

    private String key(Resource resource) {
        if (resource instanceof Provenance provenance) {
            // a correction's Provenance replaces the first where the EHR updates, is withheld where it does not
            return provenance.getEntityFirstRep().getWhat().getIdentifier().getValue();
        }
        return resource.getNamedProperty("identifier").getValues().stream()
                .map(Identifier.class::cast)
                .filter(id -> namespace().equals(id.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElse("(none)");
    }

    /** Everything of the type in this plan's namespace, every page. */
    private List<Resource> held(IGenericClient client, String type) {
        String url = type.equals("Provenance")
                ? "Provenance?_count=500"
                : type + "?identifier=" + namespace() + "|&_count=500";
        List<Resource> found = new ArrayList<>();
        Bundle page = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        while (true) {
            page.getEntry().forEach(entry -> found.add(entry.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        return type.equals("Provenance")
                ? found.stream()
                        .filter(p -> namespace()
                                .equals(((Provenance) p)
                                        .getEntityFirstRep()
                                        .getWhat()
                                        .getIdentifier()
                                        .getSystem()))
                        .toList()
                : found;
    }

    /**
     * What the fixture retracts (entered-in-error) is retracted on the EHR where the plan sends it and the EHR
     * updates its type; elsewhere it stays as it was.
     */
    private void assertRetracted(InProcessFhirServer ehr, FittedPlan fitted, String name) {
        EhrCapabilities capabilities = EhrCapabilities.of(ehr.unshapedClient()
                .capabilities()
                .ofType(CapabilityStatement.class)
                .execute());
        for (Resource resource : expected(name, fitted.plan()).resources()) {
            if (!"entered-in-error".equals(status(resource))) {
                continue;
            }
            String type = resource.fhirType();
            List<Resource> held = held(ehr.unshapedClient(), type).stream()
                    .filter(r -> key(r).equals(key(resource)))
                    .toList();
            assertThat(held).as(type + " " + key(resource)).hasSize(1);
            String heldStatus = status(held.get(0));
            if (capabilities.offers(type, TypeRestfulInteraction.UPDATE)
                    && fitted.plan().rule(resource).mayUpdateTo("entered-in-error")) {
                assertThat(heldStatus)
                        .as(plan() + ": " + type + " " + key(resource) + " retracted")
                        .isEqualTo("entered-in-error");
            } else {
                assertThat(heldStatus)
                        .as(plan() + ": " + type + " not updatable to entered-in-error, left as it was")
                        .isNotEqualTo("entered-in-error");
            }
        }
    }

    private static String status(Resource resource) {
        Property status = resource.getNamedProperty("status");
        return status == null || !status.hasValues()
                ? null
                : status.getValues().get(0).primitiveValue();
    }
}
