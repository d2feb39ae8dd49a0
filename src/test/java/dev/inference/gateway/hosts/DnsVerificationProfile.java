package dev.inference.gateway.hosts;

import dev.inference.gateway.support.FakeDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The TXT ownership check on ({@code gateway.dns.verification=txt}), names looked up at a {@link FakeDnsServer} the
 * tests fill, and checked again every 300 ms.
 */
public class DnsVerificationProfile implements QuarkusTestProfile {
    static final java.time.Duration RECHECK = java.time.Duration.ofMillis(300);

    /** The DNS server of the running profile. */
    static volatile FakeDnsServer dns;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.dns.verification", "txt",
                "gateway.dns.recheck-interval", RECHECK.toMillis() + "ms",
                "gateway.dns.lookup-timeout", "2s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Dns.class));
    }

    public static class Dns implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            dns = FakeDnsServer.start();
            return Map.of("gateway.dns.resolver", "127.0.0.1:" + dns.port());
        }

        @Override
        public void stop() {
            if (dns != null) {
                dns.close();
            }
        }
    }
}
