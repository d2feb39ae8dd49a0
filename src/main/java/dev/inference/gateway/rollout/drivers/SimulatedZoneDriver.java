package dev.inference.gateway.rollout.drivers;

import dev.inference.gateway.config.RolloutConfig;
import dev.inference.gateway.rollout.ZoneDriver;
import dev.inference.gateway.rollout.ZoneDriverException;
import dev.inference.gateway.rollout.ZoneObservation;
import dev.inference.gateway.rollout.ZoneTarget;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A data plane in memory, for demos, tests and benchmarks: each zone converges after a configured latency
 * (with jitter), fails with a configured probability, and zones listed in {@code rollout.simulated.failing-zones}
 * always fail. It remembers what each zone serves, so applying a generation twice is a no-op. With
 * {@code rollout.simulated.journal} it appends one line per apply to a file (the crash test reads it).
 */
public class SimulatedZoneDriver implements ZoneDriver {
    private record Key(UUID gatewayId, String zone) {
    }

    private final Vertx vertx;
    private final RolloutConfig.Simulated config;
    private final Set<String> failingZones;
    private final Map<String, List<String>> refusals;
    private final Map<Key, Long> served = new ConcurrentHashMap<>();
    private final Map<Key, List<String>> servedNames = new ConcurrentHashMap<>();
    private final FileChannel journal;

    public SimulatedZoneDriver(Vertx vertx, RolloutConfig.Simulated config) {
        this.vertx = vertx;
        this.config = config;
        this.failingZones = config.failingZones().orElse(List.of()).stream()
                .map(String::strip).collect(Collectors.toSet());
        this.journal = config.journal().map(SimulatedZoneDriver::open).orElse(null);
        this.refusals = refusals(config.refusals().orElse(List.of()));
    }

    @Override
    public Uni<ZoneObservation> apply(ZoneTarget target) {
        Key key = new Key(target.gatewayId(), target.zone());
        Long current = served.get(key);
        if (current != null && current >= target.generation()) {
            return Uni.createFrom().item(observe(target));
        }
        record("apply " + target.gatewayId() + " " + target.zone() + " " + target.generation());
        return delay().map(ignored -> {
            refuseIfMarked(target);
            failIfSimulated(key);
            if (served.merge(key, target.generation(), Math::max) == target.generation()) {
                servedNames.put(key, List.copyOf(target.spec().additionalDns()));
            }
            return observe(target);
        });
    }

    /** The zone serves the gateway at its own host name once it carries the target's generation. */
    private ZoneObservation observe(ZoneTarget target) {
        Long current = served.get(new Key(target.gatewayId(), target.zone()));
        return current != null && current >= target.generation()
                ? ZoneObservation.converged(List.of("https://" + target.hostname()))
                : ZoneObservation.pending(null, null);
    }

    @Override
    public Uni<Boolean> teardown(UUID gatewayId, String zone) {
        Key key = new Key(gatewayId, zone);
        if (!served.containsKey(key)) {
            return Uni.createFrom().item(true);
        }
        return delay().map(ignored -> {
            served.remove(key);
            servedNames.remove(key);
            return true;
        });
    }

    /** The additionalDns names a zone programmed for a gateway (what its last applied spec named). */
    public List<String> programmedNames(UUID gatewayId, String zone) {
        return servedNames.getOrDefault(new Key(gatewayId, zone), List.of());
    }

    /** {@code ZONE=marker} entries, by zone (markers in lower case). */
    private static Map<String, List<String>> refusals(List<String> entries) {
        Map<String, List<String>> byZone = new java.util.HashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("rollout.simulated.refusals entry \"" + entry
                        + "\" is not <ZONE>=<marker>");
            }
            byZone.computeIfAbsent(entry.substring(0, equals).strip(), z -> new java.util.ArrayList<>())
                    .add(entry.substring(equals + 1).strip().toLowerCase(java.util.Locale.ROOT));
        }
        return byZone;
    }

    /** A zone refuses, for good, a spec that carries one of its markers (rollout.simulated.refusals). */
    private void refuseIfMarked(ZoneTarget target) {
        for (String marker : refusals.getOrDefault(target.zone(), List.of())) {
            List<String> texts = new java.util.ArrayList<>(target.spec().additionalDns());
            texts.add(target.spec().name());
            if (target.spec().headerBasedRouting() != null) {
                texts.add(target.spec().headerBasedRouting().headerName());
            }
            if (texts.stream().anyMatch(t -> t != null && t.toLowerCase(java.util.Locale.ROOT).contains(marker))) {
                throw new ZoneDriverException("zone " + target.zone() + " refused the configuration: it carries \""
                        + marker + "\" (simulated: rollout.simulated.refusals)", false);
            }
        }
    }

    private void failIfSimulated(Key key) {
        if (failingZones.contains(key.zone())) {
            throw new ZoneDriverException("zone " + key.zone() + " rejected the configuration (simulated outage)",
                    true);
        }
        if (config.failureProbability() > 0 && ThreadLocalRandom.current().nextDouble() < config.failureProbability()) {
            throw new ZoneDriverException("zone " + key.zone() + " timed out applying the configuration (simulated)",
                    true);
        }
    }

    /** The time one zone takes: the configured latency plus up to the configured jitter. */
    protected Uni<Void> delay() {
        long millis = config.latency().toMillis();
        long jitter = config.jitter().toMillis();
        if (jitter > 0) {
            millis += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        if (millis <= 0) {
            return Uni.createFrom().voidItem();
        }
        long delay = millis;
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay, id -> emitter.complete(null)));
    }

    private void record(String line) {
        if (journal == null) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (journal) {
                while (bytes.hasRemaining()) {
                    journal.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The journal is written with plain appends: a killed process loses nothing the kernel already has. */
    private static FileChannel open(String path) {
        try {
            return FileChannel.open(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open rollout.simulated.journal " + path, e);
        }
    }
}
