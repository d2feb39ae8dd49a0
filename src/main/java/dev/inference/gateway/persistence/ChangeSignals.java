package dev.inference.gateway.persistence;

import dev.inference.gateway.logging.LogThrottle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The wake-up signals PostgreSQL sends on commit ({@code LISTEN}/{@code NOTIFY}): one listening connection per
 * instance, fanned out in memory. A signal only says "look now": what changed is read from the tables, so a signal
 * lost while the connection was down loses nothing (after a reconnect every listener is told to look again, and
 * everyone polls as a safety net anyway).
 * <ul>
 * <li>{@code gateway_events}: an organization's history got a new event (payload: organization and version);</li>
 * <li>{@code rollout_work}: zone work became due.</li>
 * </ul>
 */
@ApplicationScoped
public class ChangeSignals {
    private static final Logger LOG = Logger.getLogger(ChangeSignals.class);

    private final Vertx vertx;
    private final List<String> urls;
    private final String username;
    private final String password;
    private final List<BiConsumer<String, Long>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> workListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final LogThrottle lostLog = new LogThrottle(Duration.ofSeconds(30));
    private PgSubscriber subscriber;
    private volatile boolean stopping;

    ChangeSignals(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") List<String> urls,
            @ConfigProperty(name = "quarkus.datasource.username") java.util.Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.vertx = vertx;
        this.urls = urls;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    /** Called with (organization, version) whenever an organization's history gets an event. */
    public void onGatewayEvent(BiConsumer<String, Long> listener) {
        eventListeners.add(listener);
    }

    /** Called whenever zone work became due somewhere. */
    public void onRolloutWork(Runnable listener) {
        workListeners.add(listener);
    }

    /** Called after the listening connection came back: signals may have been missed meanwhile. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(urls.get(0));
        if (username != null) {
            options.setUser(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> stopping ? -1L : Math.min(5_000L, 100L * (1L << Math.min(retries, 6))));
        subscriber.channel("gateway_events").handler(this::gatewayEvent)
                // subscribed: at start and after every reconnect, when signals may have been missed
                .subscribeHandler(() -> reconnectListeners.forEach(Runnable::run));
        subscriber.channel("rollout_work").handler(payload -> workListeners.forEach(Runnable::run));
        subscriber.closeHandler(() -> {
            if (!stopping) {
                lostLog.log(suppressed -> LOG.warn("the LISTEN connection closed; reconnecting (watchers catch up "
                        + "from the history meanwhile)"));
            }
        });
        connect();
    }

    private void connect() {
        subscriber.connect().subscribe().with(
                ignored -> LOG.debug("listening for change signals"),
                failure -> {
                    lostLog.log(suppressed -> LOG.warnf("could not LISTEN for change signals (%s); retrying",
                            failure.toString()));
                    if (!stopping) {
                        vertx.setTimer(1_000, id -> connect());
                    }
                });
    }

    private void gatewayEvent(String payload) {
        int space = payload.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        String organization = payload.substring(0, space);
        long version;
        try {
            version = Long.parseLong(payload.substring(space + 1));
        } catch (NumberFormatException e) {
            return;
        }
        eventListeners.forEach(listener -> listener.accept(organization, version));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close().subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }
}
