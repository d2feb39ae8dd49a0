package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A zone cluster for tests: a fabric8 mock API server in CRUD mode (plus expectations, for answers such as 422),
 * that knows the Gateway API and Envoy CRDs with their status subresources (so that, as on a real server, a write
 * of the object leaves its status alone and bumps {@code metadata.generation} when the spec changes), records the
 * writes it accepts, and runs a {@link FakeGatewayController}. It can be stopped and started again on the same port
 * with the same contents (a zone that goes down and comes back).
 */
public final class MockZone implements AutoCloseable {
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final String zone;
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final RecordingDispatcher dispatcher;
    private final Duration controllerDelay;
    private final String addressPrefix;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private FakeGatewayController controller;
    private int port;

    private MockZone(String zone, Duration controllerDelay, String addressPrefix) {
        this.zone = zone;
        this.controllerDelay = controllerDelay;
        this.addressPrefix = addressPrefix;
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(expectations);
        Arrays.stream(ManagedKind.values()).filter(k -> !k.group().isEmpty()).forEach(k -> crud.expectCustomResource(
                new CustomResourceDefinitionContext.Builder().withGroup(k.group()).withVersion(k.version())
                        .withKind(k.kind()).withPlural(k.plural()).withScope("Namespaced")
                        .withStatusSubresource(true).build()));
        this.dispatcher = new RecordingDispatcher(crud);
    }

    /** Starts a zone on a free port; its controller programs Gateways after {@code controllerDelay}. */
    public static MockZone start(String zone, Duration controllerDelay, String addressPrefix) {
        return start(zone, 0, controllerDelay, addressPrefix);
    }

    public static MockZone start(String zone, int port, Duration controllerDelay, String addressPrefix) {
        MockZone mock = new MockZone(zone, controllerDelay, addressPrefix);
        mock.port = port;
        mock.startServer();
        return mock;
    }

    private synchronized void startServer() {
        server = new KubernetesMockServer(new Context(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()), new MockWebServer(), expectations,
                dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        port = server.getPort();
        client = server.createClient();
        controller = new FakeGatewayController(client, controllerDelay, addressPrefix);
    }

    /** The zone's API server goes away (connections are refused), keeping what it stores. */
    public synchronized void stop() {
        controller.close();
        client.close();
        server.destroy();
    }

    /** The zone's API server comes back on the same port with the same objects. */
    public synchronized void restart() {
        startServer();
    }

    public String zone() {
        return zone;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A client of the test, to look at what the zone holds. */
    public synchronized KubernetesClient client() {
        return client;
    }

    public KubernetesMockServer server() {
        return server;
    }

    public FakeGatewayController controller() {
        return controller;
    }

    RecordingDispatcher writes() {
        return dispatcher;
    }

    @Override
    public void close() {
        stop();
    }
}
