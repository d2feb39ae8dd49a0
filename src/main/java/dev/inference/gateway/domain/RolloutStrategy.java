package dev.inference.gateway.domain;

/** The strategy of a rollout: every zone at once (the default), or in waves. Numbered as the contract's enums are; answers use the names. */
public enum RolloutStrategy implements ContractEnum {
    ROLLOUT_STRATEGY_UNSPECIFIED(0),
    ROLLOUT_STRATEGY_ALL_AT_ONCE(1),
    ROLLOUT_STRATEGY_WAVES(2);

    private final int number;

    RolloutStrategy(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
