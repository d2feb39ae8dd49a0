package dev.inference.gateway.domain;

/** Where a rollout is (status.rollout.phase). Numbered as the contract's enums are; answers use the names. */
public enum RolloutPhase implements ContractEnum {
    ROLLOUT_PHASE_UNSPECIFIED(0),
    ROLLOUT_PHASE_PROGRESSING(1),
    ROLLOUT_PHASE_BAKING(2),
    ROLLOUT_PHASE_PAUSED(3),
    ROLLOUT_PHASE_SUCCEEDED(4),
    ROLLOUT_PHASE_ROLLING_BACK(5),
    ROLLOUT_PHASE_ROLLED_BACK(6),
    ROLLOUT_PHASE_ABORTED(7),
    ROLLOUT_PHASE_FAILED(8);

    private final int number;

    RolloutPhase(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
