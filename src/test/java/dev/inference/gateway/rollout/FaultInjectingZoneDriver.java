package dev.inference.gateway.rollout;

import dev.inference.gateway.rollout.drivers.SimulatedZoneDriver;

import dev.inference.gateway.config.RolloutConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated driver with what tests need on top: failures injected per gateway and zone, a count of the applies
 * per gateway x zone x generation, a count of applies of one gateway x zone running at once, and the generation a
 * zone serves. Put in place of the production driver by {@link FaultInjectingZoneDriverProducer}.
 */
public class FaultInjectingZoneDriver extends SimulatedZoneDriver {
    private record Key(UUID gatewayId, String zone) {
    }

    private record Attempt(UUID gatewayId, String zone, long generation) {
    }

    /** What the zones serve, as the driver reported it (a converged apply, a completed teardown). */
    private final Map<Key, Long> served = new ConcurrentHashMap<>();
    private final Map<Attempt, AtomicInteger> applies = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> injectedFailures = new ConcurrentHashMap<>();
    private final Set<Key> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong overlaps = new AtomicLong();

    public FaultInjectingZoneDriver(Vertx vertx, RolloutConfig.Simulated config) {
        super(vertx, config);
    }

    @Override
    public Uni<ZoneObservation> apply(ZoneTarget target) {
        Key key = new Key(target.gatewayId(), target.zone());
        Long current = served.get(key);
        if (current != null && current >= target.generation()) {
            return super.apply(target); // the zone already carries it: a no-op, not an apply
        }
        if (!inFlight.add(key)) {
            overlaps.incrementAndGet();
        }
        applies.computeIfAbsent(new Attempt(target.gatewayId(), target.zone(), target.generation()),
                k -> new AtomicInteger()).incrementAndGet();
        Uni<ZoneObservation> outcome = injectedFailure(key) ? failAfterTheLatency(key) : super.apply(target);
        return outcome
                .invoke(observation -> {
                    if (observation.converged()) {
                        served.merge(key, target.generation(), Math::max);
                    }
                })
                .onTermination().invoke(() -> inFlight.remove(key));
    }

    @Override
    public Uni<Boolean> teardown(UUID gatewayId, String zone) {
        Key key = new Key(gatewayId, zone);
        if (served.containsKey(key) && injectedFailure(key)) {
            return failAfterTheLatency(key);
        }
        return super.teardown(gatewayId, zone).invoke(gone -> {
            if (gone) {
                served.remove(key);
            }
        });
    }

    private boolean injectedFailure(Key key) {
        AtomicInteger injected = injectedFailures.get(key);
        return injected != null && injected.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** A zone that cannot be reached answers after the time it takes to try. */
    private <T> Uni<T> failAfterTheLatency(Key key) {
        return delay().map(ignored -> {
            throw new ZoneDriverException("zone " + key.zone() + " is unreachable (injected failure)", true);
        });
    }

    /** Makes the next {@code times} applies or teardowns of this gateway in this zone fail (retryable). */
    public void failNextApplies(UUID gatewayId, String zone, int times) {
        injectedFailures.computeIfAbsent(new Key(gatewayId, zone), k -> new AtomicInteger()).set(times);
    }

    /** How many times the driver was asked to apply this generation of this gateway to this zone. */
    public int applyCount(UUID gatewayId, String zone, long generation) {
        AtomicInteger count = applies.get(new Attempt(gatewayId, zone, generation));
        return count == null ? 0 : count.get();
    }

    /** How often an apply started for a gateway x zone while another was still running for it. */
    public long overlappingApplies() {
        return overlaps.get();
    }

    /** The generation a zone serves for a gateway, or null. */
    public Long served(UUID gatewayId, String zone) {
        return served.get(new Key(gatewayId, zone));
    }
}
