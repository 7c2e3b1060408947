package org.ketaminefhir.testserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
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
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
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
 * It takes about half a minute to start, so one instance serves every test of a JVM; tests keep
 * apart by their own MRNs and source ids, or call {@link #expungeEverything()}.
 */
public final class InProcessFhirServer {

    private static InProcessFhirServer shared;

    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private final IGenericClient client;

    private InProcessFhirServer() {
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
                        Map.entry("spring.datasource.url", "jdbc:h2:mem:fhir-server;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"),
                        Map.entry("spring.datasource.username", "sa"),
                        Map.entry("spring.datasource.password", ""),
                        Map.entry("spring.datasource.hikari.maximum-pool-size", "20"),
                        Map.entry("logging.level.ca.uhn.fhir", "WARN"),
                        Map.entry("logging.level.org.hibernate", "WARN")))
                .run();
        String port = context.getEnvironment().getProperty("local.server.port");
        baseUrl = "http://127.0.0.1:" + port + "/fhir";
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = fhir.newRestfulGenericClient(baseUrl);
    }

    public static synchronized InProcessFhirServer shared() {
        if (shared == null) {
            shared = new InProcessFhirServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close));
        }
        return shared;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public IGenericClient client() {
        return client;
    }

    /** The server's REST layer, for a test that registers an interceptor (and unregisters it after). */
    @SuppressWarnings("unchecked")
    public RestfulServer restfulServer() {
        return ((ServletRegistrationBean<RestfulServer>) context.getBean("fhirServlet")).getServlet();
    }

    /** A Patient the EHR already holds, found by MRN as the adapter's references do. */
    public void ensurePatient(String mrnSystem, String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(mrnSystem).setValue(mrn);
        client.create().resource(patient).conditionalByUrl("Patient?identifier=" + mrnSystem + "|" + mrn).execute();
    }

    public void expungeEverything() {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("expungeEverything").setValue(new BooleanType(true));
        client.operation().onServer().named("$expunge").withParameters(parameters).execute();
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration({
            PropertyPlaceholderAutoConfiguration.class,
            ServletWebServerFactoryAutoConfiguration.class,
            EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
            DataSourceAutoConfiguration.class})
    @Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
            ThreadPoolFactoryConfig.class, SubscriptionChannelConfig.class})
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
        public LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource,
                ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings storageSettings) {
            LocalContainerEntityManagerFactoryBean emf =
                    HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
            emf.setPersistenceUnitName("HAPI_PU");
            emf.setDataSource(dataSource);
            emf.getJpaPropertyMap().putAll(Map.of(
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
        public ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext fhirContext,
                ResourceProviderFactory resourceProviders, IJpaSystemProvider systemProvider,
                DatabaseBackedPagingProvider pagingProvider) {
            RestfulServer server = new RestfulServer(fhirContext);
            server.registerProviders(resourceProviders.createProviders());
            server.registerProvider(systemProvider);
            server.setPagingProvider(pagingProvider);
            server.setDefaultResponseEncoding(EncodingEnum.JSON);
            ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
            registration.setName("fhirServlet");
            registration.setLoadOnStartup(1);
            return registration;
        }
    }
}
