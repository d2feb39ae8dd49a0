package dev.inference.gateway.rollout.kubernetes;

import dev.inference.gateway.rollout.ZoneDriverException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes a gateway's objects into one zone, blocking (it runs on the zone's own threads). One code path for tests
 * and production: read the object, then create it, or replace it against the resourceVersion just read; a 409
 * (someone else wrote in between) reads again and retries. Server-side apply would be the native way, but the
 * fabric8 mock server cannot serve it in CRUD mode.
 *
 * <p>Generations never go backwards: an object that already carries the target generation is left alone, and one
 * that carries a newer generation is never written (another replica, or a newer step, got there first). The
 * Gateway is written first; when it carries a newer generation, nothing else is touched.
 */
final class ObjectApplier {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** What happened to one object. */
    enum Outcome { CREATED, UPDATED, UNCHANGED, NEWER }

    record Applied(ManagedKind kind, GenericKubernetesResource current, Outcome outcome) {
        boolean written() {
            return outcome == Outcome.CREATED || outcome == Outcome.UPDATED;
        }
    }

    /**
     * The objects as the zone holds them after the apply, or the newer generation the zone already carries.
     *
     * @param supersededBy the newer generation found in the zone, or -1
     * @param pruned       objects of other kinds (an earlier routing or auth choice) that were deleted
     */
    record Result(Map<ManagedKind, GenericKubernetesResource> current, List<Applied> applied, long supersededBy,
            int pruned) {
        boolean superseded() {
            return supersededBy >= 0;
        }

        long written() {
            return applied.stream().filter(Applied::written).count();
        }
    }

    /** Checked before every call: a step past its deadline, or cancelled, stops writing. */
    interface Guard {
        void check();
    }

    private final ZoneCluster cluster;
    private final int conflictRetries;
    private final Redactor redactor;
    private final Guard guard;

    ObjectApplier(ZoneCluster cluster, int conflictRetries, Redactor redactor, Guard guard) {
        this.cluster = cluster;
        this.conflictRetries = conflictRetries;
        this.redactor = redactor;
        this.guard = guard;
    }

    /** Applies the desired objects (the Gateway first) and deletes what an earlier generation had and this one has not. */
    Result apply(UUID gatewayId, long generation, List<DesiredObject> desired) {
        List<Applied> applied = new ArrayList<>();
        Map<ManagedKind, GenericKubernetesResource> current = new EnumMap<>(ManagedKind.class);
        OwnerReference owner = null;
        for (DesiredObject object : desired) {
            GenericKubernetesResource wanted = object.object();
            if (owner != null) {
                wanted = withOwner(wanted, owner);
            }
            Applied result = applyOne(object.kind(), wanted, generation);
            if (result.outcome() == Outcome.NEWER) {
                // A newer generation is in the zone: stop, and take back what this older apply wrote.
                compensate(applied);
                return new Result(current, applied, Labels.generationOf(result.current()), 0);
            }
            applied.add(result);
            current.put(object.kind(), result.current());
            if (object.kind() == ManagedKind.GATEWAY) {
                owner = ownerReference(result.current());
            }
        }
        int pruned = prune(gatewayId, generation, desired);
        if (applied.stream().anyMatch(Applied::written)) {
            // Another writer may have put a newer Gateway in place while this apply ran: if so, undo this apply's
            // writes (guarded by their resourceVersions, so a newer write is never deleted).
            GenericKubernetesResource gateway = get(ManagedKind.GATEWAY, ObjectNames.gateway(gatewayId));
            long carried = Labels.generationOf(gateway);
            if (carried > generation) {
                compensate(applied);
                return new Result(current, applied, carried, pruned);
            }
        }
        return new Result(current, applied, -1, pruned);
    }

    /** Creates the object, or replaces an older generation of it; retries a lost race up to the configured count. */
    Applied applyOne(ManagedKind kind, GenericKubernetesResource desired, long generation) {
        String name = desired.getMetadata().getName();
        for (int attempt = 0; ; attempt++) {
            GenericKubernetesResource existing = get(kind, name);
            try {
                if (existing == null) {
                    return new Applied(kind, call(() -> ops(kind).resource(desired).create()),
                            Outcome.CREATED);
                }
                long carried = Labels.generationOf(existing);
                if (carried > generation) {
                    return new Applied(kind, existing, Outcome.NEWER);
                }
                if (carried == generation) {
                    return new Applied(kind, existing, Outcome.UNCHANGED);
                }
                GenericKubernetesResource replacement = mergeMetadata(desired, existing);
                return new Applied(kind, call(() -> ops(kind).resource(replacement).update()),
                        Outcome.UPDATED);
            } catch (ZoneDriverException e) {
                throw e;
            } catch (KubernetesClientException e) {
                // 409: created or changed by someone else since the read; 404: deleted since the read. Read again.
                boolean race = e.getCode() == 409 || (e.getCode() == 404 && existing != null);
                if (!race || attempt >= conflictRetries) {
                    throw KubernetesErrors.classify(e, apiCall(existing == null ? "create" : "update", kind, name),
                            redactor);
                }
            }
        }
    }

    /**
     * Deletes the gateway's objects that this generation does not want (a route of the other routing mode, the
     * W&amp;B Secret after a switch to CoreWeave auth, ...), but only those carrying an older generation.
     */
    private int prune(UUID gatewayId, long generation, List<DesiredObject> desired) {
        Set<String> wanted = new HashSet<>();
        desired.forEach(d -> wanted.add(d.kind() + "/" + d.name()));
        int pruned = 0;
        for (ManagedKind kind : ManagedKind.values()) {
            String name = ObjectNames.of(kind, gatewayId);
            if (wanted.contains(kind + "/" + name)) {
                continue;
            }
            GenericKubernetesResource existing = get(kind, name);
            if (existing != null && isOfGateway(existing, gatewayId) && Labels.generationOf(existing) < generation
                    && deleteIfUnchanged(kind, existing)) {
                pruned++;
            }
        }
        return pruned;
    }

    private static boolean isOfGateway(GenericKubernetesResource object, UUID gatewayId) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && gatewayId.toString().equals(labels.get(Labels.GATEWAY_ID));
    }

    /** Takes back this apply's writes (except the Gateway, which a newer writer has already replaced). */
    private void compensate(List<Applied> applied) {
        for (Applied a : applied) {
            if (a.written() && a.kind() != ManagedKind.GATEWAY) {
                deleteIfUnchanged(a.kind(), a.current());
            }
        }
    }

    /** Deletes an object only if nobody wrote it since it was read (resourceVersion precondition). */
    private boolean deleteIfUnchanged(ManagedKind kind, GenericKubernetesResource object) {
        String name = object.getMetadata().getName();
        String version = object.getMetadata().getResourceVersion();
        try {
            call(() -> version == null ? ops(kind).withName(name).delete()
                    : ops(kind).withName(name).lockResourceVersion(version).delete());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false; // changed (by a newer writer) or gone: leave it
            }
            throw KubernetesErrors.classify(e, apiCall("delete", kind, name), redactor);
        }
    }

    /** Deletes every object of the gateway (selected by label), and its certificate Secret; true once none is left. */
    boolean teardown(UUID gatewayId) {
        List<ManagedKind> kinds = new ArrayList<>(List.of(ManagedKind.values()));
        Collections.reverse(kinds); // routes and policies before the Gateway they attach to
        for (ManagedKind kind : kinds) {
            for (GenericKubernetesResource object : listOf(kind, gatewayId)) {
                String name = object.getMetadata().getName();
                callClassified("delete", kind, name, () -> ops(kind).withName(name).delete());
            }
        }
        String tls = ObjectNames.tlsSecret(gatewayId);
        callClassified("delete", ManagedKind.SECRET, tls, () -> ops(ManagedKind.SECRET).withName(tls).delete());
        for (ManagedKind kind : kinds) {
            if (!listOf(kind, gatewayId).isEmpty()) {
                return false; // still terminating (finalizers): look again later
            }
        }
        return true;
    }

    List<GenericKubernetesResource> listOf(ManagedKind kind, UUID gatewayId) {
        GenericKubernetesResourceList list = callClassified("list", kind, null,
                () -> ops(kind).withLabel(Labels.GATEWAY_ID, gatewayId.toString()).list());
        return list == null || list.getItems() == null ? List.of() : list.getItems();
    }

    GenericKubernetesResource get(ManagedKind kind, String name) {
        return callClassified("get", kind, name, () -> ops(kind).withName(name).get());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> ops(ManagedKind kind) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all =
                cluster.client().genericKubernetesResources(kind.context());
        return all.inNamespace(cluster.namespace());
    }

    /** A call whose failures the caller interprets (races, gone objects). */
    private <T> T call(Supplier<T> call) {
        guard.check();
        return call.get();
    }

    /** A call whose every failure is a zone driver failure. */
    private <T> T callClassified(String verb, ManagedKind kind, String name, Supplier<T> call) {
        guard.check();
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw KubernetesErrors.classify(e, apiCall(verb, kind, name), redactor);
        }
    }

    private ApiCall apiCall(String verb, ManagedKind kind, String name) {
        return new ApiCall(cluster.zone(), cluster.apiServer(), verb, kind, name, cluster.namespace());
    }

    /** Owned by the Gateway: deleting the Gateway deletes the rest (no blockOwnerDeletion: it needs more RBAC). */
    static OwnerReference ownerReference(GenericKubernetesResource gateway) {
        return new OwnerReferenceBuilder().withApiVersion(ManagedKind.GATEWAY.apiVersion())
                .withKind(ManagedKind.GATEWAY.kind()).withName(gateway.getMetadata().getName())
                .withUid(gateway.getMetadata().getUid()).build();
    }

    private static GenericKubernetesResource withOwner(GenericKubernetesResource object, OwnerReference owner) {
        GenericKubernetesResource copy = JSON.clone(object);
        copy.getMetadata().setOwnerReferences(new ArrayList<>(List.of(owner)));
        return copy;
    }

    /**
     * The replacement of an existing object: the desired object, plus what others put in the metadata (their
     * labels, annotations, finalizers and owner references), against the resourceVersion just read. Labels and
     * annotations of this driver's own domain come only from the desired object, so that stale ones disappear.
     */
    static GenericKubernetesResource mergeMetadata(GenericKubernetesResource desired,
            GenericKubernetesResource existing) {
        GenericKubernetesResource copy = JSON.clone(desired);
        ObjectMeta meta = copy.getMetadata();
        ObjectMeta old = existing.getMetadata();
        meta.setLabels(mergeForeign(old.getLabels(), meta.getLabels()));
        meta.setAnnotations(mergeForeign(old.getAnnotations(), meta.getAnnotations()));
        meta.setFinalizers(old.getFinalizers());
        List<OwnerReference> owners = new ArrayList<>(meta.getOwnerReferences() == null ? List.of()
                : meta.getOwnerReferences());
        if (old.getOwnerReferences() != null) {
            for (OwnerReference ref : old.getOwnerReferences()) {
                boolean ours = ManagedKind.GATEWAY.kind().equals(ref.getKind())
                        && ManagedKind.GATEWAY.apiVersion().equals(ref.getApiVersion());
                if (!ours) {
                    owners.add(ref);
                }
            }
        }
        meta.setOwnerReferences(owners);
        meta.setResourceVersion(old.getResourceVersion());
        return copy;
    }

    private static Map<String, String> mergeForeign(Map<String, String> existing, Map<String, String> desired) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (existing != null) {
            existing.forEach((key, value) -> {
                if (!isOurs(key)) {
                    merged.put(key, value);
                }
            });
        }
        if (desired != null) {
            merged.putAll(desired);
        }
        return merged;
    }

    private static boolean isOurs(String key) {
        return key.startsWith(Labels.DOMAIN + "/") || key.equals(Labels.MANAGED_BY)
                || key.equals("cert-manager.io/cluster-issuer");
    }
}
