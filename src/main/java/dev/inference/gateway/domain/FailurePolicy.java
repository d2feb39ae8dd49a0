package dev.inference.gateway.domain;

/** What a failed zone does to its rollout: roll every zone back to the stable revision (the default), or pause for a person. Numbered as the contract's enums are; answers use the names. */
public enum FailurePolicy implements ContractEnum {
    FAILURE_POLICY_UNSPECIFIED(0),
    FAILURE_POLICY_ROLLBACK(1),
    FAILURE_POLICY_PAUSE(2);

    private final int number;

    FailurePolicy(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
