package dev.inference.gateway.api.render;

import dev.inference.gateway.domain.GatewayVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What one list answer already has: the versions whose rendered bytes are kept, each confirmed once and held here
 * from then on, so an entry evicted from the shared cache meanwhile is still written as it was confirmed.
 */
final class KeptVersions implements Predicate<GatewayVersion> {
    private final RenderedGateways rendered;
    private final Map<UUID, byte[]> confirmed = new HashMap<>();

    KeptVersions(RenderedGateways rendered) {
        this.rendered = rendered;
    }

    @Override
    public boolean test(GatewayVersion version) {
        byte[] json = rendered.kept(version.id(), version.version());
        if (json != null) {
            confirmed.put(version.id(), json);
        }
        return json != null;
    }

    byte[] json(GatewayVersion version) {
        byte[] json = confirmed.get(version.id());
        if (json == null) {
            throw new IllegalStateException("gateway " + version.id() + " was listed by its keys without kept bytes");
        }
        return json;
    }
}
