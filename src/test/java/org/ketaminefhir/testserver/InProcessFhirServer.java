package org.ketaminefhir.testserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * (Outside the adapter's package on purpose: the adapter's component scan must not find this configuration.)
 * A real FHIR R4 server in the test JVM: HAPI's JPA server on in-memory H2, the same engine as
 * {@code shared/tools/ehr-sim}, with real transaction, conditional-update and search handling.
 * {@link #shared()} takes everything; {@link #shaped(EhrShape)} behaves like a vendor's EHR: its published
 * CapabilityStatement at {@code /metadata}, everything else refused ({@link CapabilityShape}) and the
 * refusals in {@link #attempts()}. A server takes half a minute or more to start, so one
 * instance per shape serves every test of a JVM, each with its own database; tests keep apart by their own
 * MRNs and source ids, or call {@link #expungeEverything()}. What the EHR already holds (its patients, its
 * encounters) goes in through {@link #seed}, which the shape lets pass.
 */
public final class InProcessFhirServer {

    private static final Logger log = LoggerFactory.getLogger(InProcessFhirServer.class);
    private static final Map<EhrShape, InProcessFhirServer> RUNNING = new EnumMap<>(EhrShape.class);

    private final EhrShape shape;
    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private final IGenericClient client;
    private final IGenericClient seedClient;

    private InProcessFhirServer(EhrShape shape) {
        this.shape = shape;
        long startedAt = System.nanoTime();
        context = new SpringApplicationBuilder(ServerConfig.class)
                .web(WebApplicationType.SERVLET)
                // not the adapter's application.yaml: this is another application in the same JVM
                .properties(Map.ofEntries(
                        Map.entry("spring.config.name", "in-process-fhir-server"),
                        Map.entry("spring.main.banner-mode", "off"),
                        Map.entry("spring.main.allow-circular-references", "true"),
                        Map.entry("server.port", "0"),
                        Map.entry("server.address", "127.0.0.1"),
                        Map.entry("server.tomcat.relaxed-query-chars", "|,{,},[,]"),
                        Map.entry("ehr.shape", shape.name()),
                        // one database per shape: an Epic-shaped EHR holds none of the full server's data
                        Map.entry(
                                "spring.datasource.url",
                                "jdbc:h2:mem:fhir-server-" + shape.name()
                                        + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"),
                        Map.entry("spring.datasource.username", "sa"),
                        Map.entry("spring.datasource.password", ""),
                        Map.entry("spring.datasource.hikari.maximum-pool-size", "20"),
                        Map.entry("logging.level.ca.uhn.fhir", "WARN"),
                        Map.entry("logging.level.org.hibernate", "WARN"),
                        // a shaped EHR's refusals are thrown by its interceptor, which HAPI logs with a stack
                        // trace each; AttemptLog logs them in one line
                        Map.entry("logging.level.ca.uhn.fhir.interceptor.executor.BaseInterceptorService", "OFF")))
                .run();
        String port = context.getEnvironment().getProperty("local.server.port");
        baseUrl = "http://127.0.0.1:" + port + "/fhir";
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = fhir.newRestfulGenericClient(baseUrl);
        seedClient = fhir.newRestfulGenericClient(baseUrl);
        AdditionalRequestHeadersInterceptor seeding = new AdditionalRequestHeadersInterceptor();
        seeding.addHeaderValue(CapabilityShape.SEED_HEADER, "true");
        seedClient.registerInterceptor(seeding);
        log.info(
                "in-process FHIR server shaped {} up in {} ms at {}",
                shape,
                (System.nanoTime() - startedAt) / 1_000_000,
                baseUrl);
    }

    /** The server that takes everything ({@link EhrShape#FULL}). */
    public static InProcessFhirServer shared() {
        return shaped(EhrShape.FULL);
    }

    /** The server of this shape, started on first use and then shared by every test of the JVM. */
    public static synchronized InProcessFhirServer shaped(EhrShape shape) {
        return RUNNING.computeIfAbsent(shape, s -> {
            InProcessFhirServer server = new InProcessFhirServer(s);
            Runtime.getRuntime().addShutdownHook(new Thread(server.context::close));
            return server;
        });
    }

    public EhrShape shape() {
        return shape;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A client as the adapter is one: a shaped server refuses what its vendor would. */
    public IGenericClient client() {
        return client;
    }

    /** A client the shape lets pass (as seeding does): a test reading what the EHR holds, never refused or logged. */
    public IGenericClient unshapedClient() {
        return seedClient;
    }

    /**
     * The next write (single or Bundle, not a seed) is carried out and committed, but its client gets a 500
     * instead of the answer: a lost answer, once.
     */
    public void loseNextWriteAnswer() {
        context.getBean(LostAnswer.class).loseNextWriteAnswer();
    }

    /** The requests (and Bundle entries) this server refused, with status and reason. */
    public AttemptLog attempts() {
        return context.getBean(AttemptLog.class);
    }

    /** The server's REST layer, for a test that registers an interceptor (and unregisters it after). */
    @SuppressWarnings("unchecked")
    public RestfulServer restfulServer() {
        return ((ServletRegistrationBean<RestfulServer>) context.getBean("fhirServlet")).getServlet();
    }

    /** A Patient the EHR already holds, found by MRN as the adapter's references do; its server id. */
    public IIdType ensurePatient(String mrnSystem, String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(mrnSystem).setValue(mrn);
        return seedClient
                .create()
                .resource(patient)
                .conditionalByUrl("Patient?identifier=" + mrnSystem + "|" + mrn)
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    /** Something the EHR already holds (an Epic visit, say), put in past the shape; its server id. */
    public IIdType seed(IBaseResource resource) {
        return seedClient.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    /** A visit of the patient the EHR holds, begun at {@code start} (an open one: status in-progress). */
    public IIdType seedEncounter(IIdType patient, Encounter.EncounterStatus status, Date start) {
        Encounter encounter = new Encounter();
        encounter.setStatus(status);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.setSubject(new Reference(patient));
        encounter.getPeriod().setStart(start);
        return seed(encounter);
    }

    public void expungeEverything() {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("expungeEverything").setValue(new BooleanType(true));
        client.operation()
                .onServer()
                .named("$expunge")
                .withParameters(parameters)
                .execute();
    }

    private static String statement(EhrShape shape) {
        try (InputStream in = InProcessFhirServer.class.getResourceAsStream(shape.statementResource())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + shape.statementResource(), e);
        }
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class,
        EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
        DataSourceAutoConfiguration.class
    })
    @Import({
        JpaR4Config.class,
        HapiJpaConfig.class,
        JpaBatch2Config.class,
        Batch2JobsConfig.class,
        ThreadPoolFactoryConfig.class,
        SubscriptionChannelConfig.class
    })
    static class ServerConfig {

        @Bean
        public JpaStorageSettings storageSettings() {
            JpaStorageSettings settings = new JpaStorageSettings();
            // HAPI re-serves a cached search for 60 s by default: stale counts in a test
            settings.setReuseCachedSearchResultsForMillis(null);
            // "Patient?identifier=sys|val" as a reference inside a transaction, as the adapter sends
            settings.setAllowInlineMatchUrlReferences(true);
            settings.setEnforceReferentialIntegrityOnWrite(true);
            settings.setAutoCreatePlaceholderReferenceTargets(false);
            settings.setExpungeEnabled(true);
            settings.setAllowMultipleDelete(true);
            settings.setAllowExternalReferences(true);
            settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
            settings.setAdvancedHSearchIndexing(false);
            settings.setPreExpandValueSets(false);
            settings.setEnableTaskPreExpandValueSets(false);
            return settings;
        }

        @Bean
        public PartitionSettings partitionSettings() {
            return new PartitionSettings();
        }

        @Bean
        public SubscriptionSettings subscriptionSettings() {
            return new SubscriptionSettings();
        }

        @Primary
        @Bean
        public LocalContainerEntityManagerFactoryBean entityManagerFactory(
                DataSource dataSource,
                ConfigurableListableBeanFactory beanFactory,
                FhirContext fhirContext,
                JpaStorageSettings storageSettings) {
            LocalContainerEntityManagerFactoryBean emf =
                    HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
            emf.setPersistenceUnitName("HAPI_PU");
            emf.setDataSource(dataSource);
            emf.getJpaPropertyMap()
                    .putAll(Map.of(
                            "hibernate.dialect", "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect",
                            "hibernate.hbm2ddl.auto", "update",
                            "hibernate.search.enabled", "false",
                            "hibernate.cache.use_query_cache", "false",
                            "hibernate.cache.use_second_level_cache", "false"));
            return emf;
        }

        @Primary
        @Bean
        public JpaTransactionManager transactionManager(EntityManagerFactory emf) {
            return new JpaTransactionManager(emf);
        }

        @Bean
        public AttemptLog attemptLog() {
            return new AttemptLog();
        }

        @Bean
        LostAnswer lostAnswer() {
            return new LostAnswer();
        }

        @Bean
        public ServletRegistrationBean<RestfulServer> fhirServlet(
                FhirContext fhirContext,
                ResourceProviderFactory resourceProviders,
                IJpaSystemProvider systemProvider,
                DatabaseBackedPagingProvider pagingProvider,
                @Value("${ehr.shape}") EhrShape shape,
                AttemptLog attempts,
                LostAnswer lostAnswer,
                JpaStorageSettings storageSettings,
                DaoRegistry daos) {
            RestfulServer server = new RestfulServer(fhirContext);
            server.registerProviders(resourceProviders.createProviders());
            server.registerProvider(systemProvider);
            server.setPagingProvider(pagingProvider);
            server.setDefaultResponseEncoding(EncodingEnum.JSON);
            server.registerInterceptor(lostAnswer);
            if (shape.shaped()) {
                EhrCapabilities capabilities = EhrCapabilities.parse(fhirContext, statement(shape));
                CapabilityShape vendor = new CapabilityShape(
                        capabilities,
                        VendorRuleSets.named(shape.rules(), new JpaEhrHoldings(daos)),
                        attempts,
                        fhirContext);
                server.setServerConformanceProvider(new VendorMetadata(capabilities.statement()));
                // HAPI calls the storage hooks (each create, update, batch entry) of the request's server
                // too, so this one registration sees a request and everything it stores
                server.registerInterceptor(vendor);
                // HAPI would resolve "Patient?identifier=…" in places the shape does not see: none of the vendors does
                storageSettings.setAllowInlineMatchUrlReferences(false);
            } else {
                server.registerInterceptor(new DeclaresBatch());
            }
            ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
            registration.setName("fhirServlet");
            registration.setLoadOnStartup(1);
            return registration;
        }
    }

    /**
     * HAPI's JPA server takes batch Bundles but its generated CapabilityStatement does not say so; the
     * server that takes everything declares it, so a plan fitted to it keeps its batches.
     */
    @Interceptor
    public static final class DeclaresBatch {
        @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
        public void declare(IBaseConformance statement) {
            for (CapabilityStatement.CapabilityStatementRestComponent rest :
                    ((CapabilityStatement) statement).getRest()) {
                boolean declared = rest.getInteraction().stream()
                        .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH);
                if (!declared) {
                    rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
                }
            }
        }
    }
}
