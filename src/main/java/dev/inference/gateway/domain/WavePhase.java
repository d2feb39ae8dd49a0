package dev.inference.gateway.domain;

/** Where one wave of a rollout is. Numbered as the contract's enums are; answers use the names. */
public enum WavePhase implements ContractEnum {
    WAVE_PHASE_UNSPECIFIED(0),
    WAVE_PHASE_PENDING(1),
    WAVE_PHASE_PROGRESSING(2),
    WAVE_PHASE_BAKING(3),
    WAVE_PHASE_COMPLETE(4),
    WAVE_PHASE_FAILED(5);

    private final int number;

    WavePhase(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
