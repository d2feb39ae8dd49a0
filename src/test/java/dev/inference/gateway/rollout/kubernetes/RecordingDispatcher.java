package dev.inference.gateway.rollout.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test API server's dispatcher that records every write it accepted (create or replace, not status) in the order
 * the server stored them, with the generation annotation each object carried: the sequence of generations an
 * object went through.
 */
final class RecordingDispatcher extends Dispatcher {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** One accepted write. */
    record Write(String method, String kind, String name, long generation) {
    }

    private final Dispatcher delegate;
    private final List<Write> writes = new ArrayList<>();
    private volatile boolean down;

    RecordingDispatcher(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (down) {
            return new MockResponse().setResponseCode(503).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"test: the zone is down\",\"code\":503}");
        }
        boolean write = ("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod()))
                && !request.getPath().contains("/status");
        if (!write) {
            return delegate.dispatch(request);
        }
        // Serialized, so that the recorded order is the order in which the server stored the writes.
        synchronized (this) {
            String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
            MockResponse response = delegate.dispatch(request);
            if (response.code() >= 200 && response.code() < 300) {
                GenericKubernetesResource object = JSON.unmarshal(body, GenericKubernetesResource.class);
                writes.add(new Write(request.getMethod(), object.getKind(), object.getMetadata().getName(),
                        Labels.generationOf(object)));
            }
            return response;
        }
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized void clear() {
        writes.clear();
    }

    /** Answers every request with 503 while true (a zone whose API server is failing). */
    void setDown(boolean down) {
        this.down = down;
    }
}
