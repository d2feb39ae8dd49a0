package dev.inference.gateway.rollout.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A zone cluster without a cluster, to follow docs/kubernetes-zones.md by hand: a fabric8 mock API server in CRUD
 * mode on a fixed port, with the fake Envoy Gateway controller, that accepts any bearer token. It prints the
 * settings a zone needs and runs until interrupted (Ctrl-C).
 *
 * <pre>java -cp ... dev.inference.gateway.rollout.kubernetes.MockZoneMain [port] [zone] [controller delay ms]</pre>
 */
public final class MockZoneMain {
    /** The mock server logs every request it serves, and the fake controller polls it many times a second. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8.mockwebserver"),
            Logger.getLogger("io.fabric8.kubernetes.client.server.mock"));

    private MockZoneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 16443;
        String zone = args.length > 1 ? args[1] : "US-EAST-04A";
        Duration delay = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 500);
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        MockZone mock = MockZone.start(zone, port, delay, "192.0.2.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mock.close();
            stopped.countDown();
        }));
        String key = zone.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        System.out.println("mock zone " + zone + " (CRUD mock API server + fake Envoy Gateway controller, "
                + "programs Gateways after " + delay.toMillis() + " ms)");
        System.out.println("api-server: " + mock.url());
        System.out.println("token:      mock-zone-token (the mock accepts any token)");
        System.out.println("settings:");
        System.out.println("  ROLLOUT_KUBERNETES_ZONES__" + key + "__API_SERVER=" + mock.url());
        System.out.println("  ROLLOUT_KUBERNETES_ZONES__" + key + "__TOKEN=mock-zone-token");
        System.out.println("objects:    curl -s " + mock.url() + "/apis/gateway.networking.k8s.io/v1/namespaces/"
                + TestZones.NAMESPACE + "/gateways");
        System.out.flush();
        stopped.await();
    }
}
