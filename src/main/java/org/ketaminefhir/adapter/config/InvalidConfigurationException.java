package org.ketaminefhir.adapter.config;

/**
 * A setting the adapter cannot run with. The message names the key (or the file and line) and what
 * would be accepted; {@link InvalidConfigurationFailureAnalyzer} prints it as the one reason start-up failed.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String action;

    public InvalidConfigurationException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
