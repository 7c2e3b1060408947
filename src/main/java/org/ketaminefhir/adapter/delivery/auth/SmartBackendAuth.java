package org.ketaminefhir.adapter.delivery.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ketaminefhir.adapter.delivery.EhrUnavailableException;

/**
 * SMART Backend Services (SMART App Launch 2.x; docs/interface.md, Configuration): an access token for a signed client
 * assertion ({@code private_key_jwt}, RS384 for an RSA key, ES384 for an EC P-384 key; {@code iss} =
 * {@code sub} = client id, {@code aud} = the token URL, a fresh {@code jti}, {@code exp} five minutes
 * ahead), cached until shortly before {@code expires_in}. The key never leaves this class; tokens are
 * never logged.
 */
public final class SmartBackendAuth {

    /** Take a new token this long before the old one expires. */
    private static final Duration EARLY = Duration.ofSeconds(30);

    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final URI tokenUrl;
    private final String clientId;
    private final String scope;
    private final String keyId;
    private final PrivateKey key;
    private final String algorithm;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String token;
    private Instant expires = Instant.EPOCH;

    public SmartBackendAuth(URI tokenUrl, String clientId, String scope, String keyId, Path keyFile, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.scope = scope;
        this.keyId = keyId;
        this.key = readKey(keyFile);
        this.algorithm = key instanceof ECPrivateKey ? "ES384" : "RS384";
        this.clock = clock;
    }

    /** A valid access token, from the cache or newly requested. */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(expires.minus(EARLY))) {
            requestToken();
        }
        return token;
    }

    /** Forget the cached token (the EHR answered 401): the next call requests a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    private void requestToken() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new EhrUnavailableException(
                        response.statusCode(),
                        "the EHR's token endpoint answered HTTP " + response.statusCode()
                                + " to the client assertion of " + clientId);
            }
            JsonNode answer = json.readTree(response.body());
            token = answer.path("access_token").asText(null);
            if (token == null) {
                throw new EhrUnavailableException(200, "the EHR's token endpoint answered without an access_token");
            }
            expires = clock.instant().plusSeconds(answer.path("expires_in").asLong(300));
        } catch (IOException e) {
            throw new EhrUnavailableException(
                    null,
                    "the EHR's token endpoint could not be reached: "
                            + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EhrUnavailableException(null, "interrupted while asking for a token");
        }
    }

    /** The signed client assertion (RFC 7523 as SMART Backend Services profiles it). */
    String assertion() {
        Instant now = clock.instant();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("kid", keyId);
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", tokenUrl.toString());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput = base64(json.writeValueAsBytes(header)) + "." + base64(json.writeValueAsBytes(claims));
            // JWS wants the raw R||S form of an ECDSA signature (RFC 7518 §3.4), not DER
            Signature signature =
                    Signature.getInstance(algorithm.equals("ES384") ? "SHA384withECDSAinP1363Format" : "SHA384withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(signature.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the client assertion with the key of " + clientId, e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A PKCS#8 PEM private key, RSA or EC. */
    static PrivateKey readKey(Path keyFile) {
        String pem;
        try {
            pem = Files.readString(keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read adapter.ehr.auth.key-file " + keyFile, e);
        }
        byte[] der = Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisType) {
                // try the next key type
            }
        }
        throw new IllegalStateException("adapter.ehr.auth.key-file " + keyFile
                + " holds no PKCS#8 RSA or EC private key (-----BEGIN PRIVATE KEY-----)");
    }
}
