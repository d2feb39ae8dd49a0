package dev.inference.gateway.docs;

import dev.inference.gateway.support.PackagedAppResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The packaged application as the README's walk-through expects it: what {@link PackagedAppResource} gives every
 * {@code *IT} (an embedded PostgreSQL, the test profile's settings), plus dev mode's tokens (those the README
 * uses, and the zone that refuses a marker, read from application.properties so that the two cannot drift apart),
 * the simulated zone driver (the
 * production profile has no default for it), short zone latency and a short watch heartbeat.
 */
public class ReadmeAppResource extends PackagedAppResource {
    static final String DEV_TOKENS = "%dev.gateway.auth.tokens";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("gateway.auth.tokens", devSetting(DEV_TOKENS));
        config.put("rollout.driver", "simulated");
        config.put("rollout.simulated.latency", "100ms");
        config.put("rollout.simulated.jitter", "50ms");
        config.put("watch.heartbeat", "1s");
        // the request-rate quota as a new user gets it (the test profile turns it off for the other suites)
        config.put("gateway.quota.requests-per-second", "50");
        config.put("rollout.simulated.refusals", devSetting("%dev.rollout.simulated.refusals"));
        return config;
    }

    /** A setting of dev mode's, as the README's reader gets it. */
    private static String devSetting(String name) {
        Properties properties = new Properties();
        try (InputStream in = ReadmeAppResource.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("application.properties has no " + name);
        }
        return value;
    }
}
