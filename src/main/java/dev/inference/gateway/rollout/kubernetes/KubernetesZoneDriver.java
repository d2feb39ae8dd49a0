package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.config.KubernetesDriverConfig;
import dev.inference.gateway.rollout.ZoneDriver;
import dev.inference.gateway.rollout.ZoneDriverException;
import dev.inference.gateway.rollout.ZoneObservation;
import dev.inference.gateway.rollout.ZoneTarget;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Programs zones through the Kubernetes Gateway API ({@code rollout.driver=kubernetes}): each zone is one cluster;
 * an apply renders the gateway's objects, writes them (never over a newer generation), and reads convergence from
 * the objects' status; a teardown deletes them by label.
 *
 * <p>Threading: the fabric8 client blocks, so every call runs on the zone's own bounded pool, never on the event
 * loop or a request thread; each API request has the client's connect and request timeouts, and the whole step a
 * budget (the rollout step timeout) checked before every request, so that a step the rollout gave up on stops
 * writing. A zone that hangs or is down holds only its own threads; the other zones go on.
 */
public final class KubernetesZoneDriver implements ZoneDriver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubernetesZoneDriver.class);

    private final Map<String, ZoneCluster> clusters;
    private final Map<String, GatewayObjectRenderer> renderers = new LinkedHashMap<>();
    private final int conflictRetries;
    private final Duration budget;

    public KubernetesZoneDriver(Map<String, ZoneCluster> clusters, KubernetesDriverConfig config, Duration budget) {
        this.clusters = Map.copyOf(clusters);
        this.conflictRetries = config.conflictRetries();
        this.budget = budget;
        Optional<ServiceRef> coreweave = ServiceRef.parseOrNone("rollout.kubernetes.coreweave-auth-service",
                config.coreweaveAuthService());
        Optional<ServiceRef> wandb = ServiceRef.parseOrNone("rollout.kubernetes.wandb-auth-service",
                config.wandbAuthService());
        if (coreweave.isEmpty()) {
            LOG.warn("rollout.kubernetes.coreweave-auth-service=none: gateways with coreWeaveAuth get no external "
                    + "authorization in any zone, so their endpoints answer callers without credentials (only "
                    + "allowedSourceIpRanges still apply). For development zones only: see docs/kubernetes-zones.md");
        }
        if (wandb.isEmpty()) {
            LOG.warn("rollout.kubernetes.wandb-auth-service=none: gateways with weightsAndBiasesAuth get no external "
                    + "authorization in any zone (and their API key is not written to the zones), so their endpoints "
                    + "answer callers without credentials (only allowedSourceIpRanges still apply). For development "
                    + "zones only: see docs/kubernetes-zones.md");
        }
        clusters.forEach((zone, cluster) -> renderers.put(zone, new GatewayObjectRenderer(new RenderSettings(
                cluster.namespace(), config.gatewayClassName(), coreweave, wandb, config.clusterIssuer(),
                config.managedServiceType(), config.managedEdgeTrustedHops()))));
        clusters.values().forEach(c -> LOG.infof("zone %s: Kubernetes cluster %s, namespace %s", c.zone(),
                c.apiServer(), c.namespace()));
    }

    @Override
    public Uni<ZoneObservation> apply(ZoneTarget target) {
        ZoneCluster cluster = clusters.get(target.zone());
        if (cluster == null) {
            return Uni.createFrom().failure(noCluster(target.zone()));
        }
        Redactor redactor = Redactor.of(target.spec().apiKey());
        return onZone(cluster, redactor, guard -> apply(cluster, target, redactor, guard));
    }

    private ZoneObservation apply(ZoneCluster cluster, ZoneTarget target, Redactor redactor,
            ObjectApplier.Guard guard) {
        ObjectApplier applier = new ObjectApplier(cluster, conflictRetries, redactor, guard);
        ObjectApplier.Result result = applier.apply(target.gatewayId(), target.generation(),
                renderers.get(cluster.zone()).render(target));
        if (result.superseded()) {
            LOG.infof("%s: the zone already carries generation %d; left as it is", target, result.supersededBy());
            return ZoneObservation.pending("Superseded", "Zone " + target.zone() + " already carries generation "
                    + result.supersededBy() + " of the gateway.");
        }
        if (result.written() > 0 || result.pruned() > 0) {
            LOG.infof("%s: applied %s; removed %d objects no longer wanted", target, summary(result),
                    result.pruned());
        }
        ZoneObservation observation = ConvergenceReader.read(target, result.current());
        if (observation.converged()) {
            LOG.debugf("%s: converged at %s", target, observation.endpoints());
        } else {
            LOG.debugf("%s: pending (%s) %s", target, observation.reason(), observation.message());
        }
        return observation;
    }

    private static String summary(ObjectApplier.Result result) {
        StringBuilder text = new StringBuilder();
        for (ObjectApplier.Applied applied : result.applied()) {
            if (applied.written()) {
                text.append(text.length() == 0 ? "" : ", ").append(applied.outcome().name().toLowerCase())
                        .append(' ').append(applied.kind().kind()).append(' ')
                        .append(applied.current().getMetadata().getName());
            }
        }
        return text.length() == 0 ? "nothing" : text.toString();
    }

    @Override
    public Uni<Boolean> teardown(UUID gatewayId, String zone) {
        ZoneCluster cluster = clusters.get(zone);
        if (cluster == null) {
            return Uni.createFrom().failure(noCluster(zone));
        }
        return onZone(cluster, Redactor.NONE, guard -> {
            boolean gone = new ObjectApplier(cluster, conflictRetries, Redactor.NONE, guard).teardown(gatewayId);
            LOG.debugf("gateway %s zone %s: teardown %s", gatewayId, zone, gone ? "done" : "in progress");
            return gone;
        });
    }

    /**
     * Runs blocking work on the zone's threads. A cancelled or timed-out subscription (the rollout's step timeout)
     * makes the work stop before its next request.
     */
    private <T> Uni<T> onZone(ZoneCluster cluster, Redactor redactor, Function<ObjectApplier.Guard, T> work) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean stopped = new AtomicBoolean();
            long deadline = System.nanoTime() + budget.toNanos();
            emitter.onTermination(() -> stopped.set(true));
            ObjectApplier.Guard guard = () -> {
                if (stopped.get()) {
                    throw new ZoneDriverException("zone " + cluster.zone() + ": the step was cancelled", true);
                }
                if (System.nanoTime() > deadline) {
                    throw new ZoneDriverException("zone " + cluster.zone() + ": no answer from the cluster within "
                            + budget, true);
                }
            };
            try {
                cluster.executor().execute(() -> {
                    try {
                        emitter.complete(work.apply(guard));
                    } catch (ZoneDriverException e) {
                        emitter.fail(e);
                    } catch (RuntimeException e) {
                        emitter.fail(new ZoneDriverException(redactor.scrub("zone " + cluster.zone()
                                + ": unexpected error: " + e), true));
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ZoneDriverException("zone " + cluster.zone() + ": too many calls waiting for the "
                        + "cluster", true));
            }
        });
    }

    private static ZoneDriverException noCluster(String zone) {
        return new ZoneDriverException("zone " + zone + " has no Kubernetes cluster configured "
                + "(rollout.kubernetes.zones.\"" + zone + "\")", true);
    }

    @Override
    public void close() {
        clusters.values().forEach(ZoneCluster::close);
    }
}
