package dev.inference.gateway.persistence;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Primary key of {@link ZoneEntity}: gateway x zone. */
public class ZoneKey implements Serializable {
    public UUID gatewayId;
    public String zone;

    public ZoneKey() {
    }

    public ZoneKey(UUID gatewayId, String zone) {
        this.gatewayId = gatewayId;
        this.zone = zone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneKey other && Objects.equals(gatewayId, other.gatewayId)
                && Objects.equals(zone, other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gatewayId, zone);
    }
}
