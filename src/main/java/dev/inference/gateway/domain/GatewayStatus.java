package dev.inference.gateway.domain;

/** Lifecycle of a gateway, numbered as in the v1alpha1 contract. Answers use the names. */
public enum GatewayStatus implements ContractEnum {
    STATUS_UNSPECIFIED(0),
    STATUS_CREATING(1),
    STATUS_READY(2),
    STATUS_UPDATING(3),
    STATUS_DELETING(4),
    STATUS_ERROR(5),
    STATUS_FAILED(6);

    private final int number;

    GatewayStatus(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
