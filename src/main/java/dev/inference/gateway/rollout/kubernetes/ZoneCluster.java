package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One zone's cluster: its client, the namespace of the gateways' objects, and the zone's own bounded pool of
 * threads for the client's blocking calls, so that a zone that hangs holds only its own threads.
 *
 * @param apiServer the API server URL, for messages (never the credentials)
 */
public record ZoneCluster(String zone, String apiServer, String namespace, KubernetesClient client,
        ExecutorService executor) implements AutoCloseable {

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
