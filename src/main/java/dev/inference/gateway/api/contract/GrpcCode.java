package dev.inference.gateway.api.contract;

/** The google.rpc.Code values this service answers with. */
public enum GrpcCode {
    INVALID_ARGUMENT(3),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    UNAUTHENTICATED(16);

    private final int number;

    GrpcCode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
