package dev.inference.gateway.domain;

/** What became of a revision. Numbered as the contract's enums are; answers use the names. */
public enum RevisionOutcome implements ContractEnum {
    REVISION_OUTCOME_UNSPECIFIED(0),
    REVISION_OUTCOME_IN_PROGRESS(1),
    REVISION_OUTCOME_SUCCEEDED(2),
    REVISION_OUTCOME_FAILED(3),
    REVISION_OUTCOME_ROLLED_BACK(4),
    REVISION_OUTCOME_SUPERSEDED(5),
    REVISION_OUTCOME_ABORTED(6),
    REVISION_OUTCOME_PAUSED(7);

    private final int number;

    RevisionOutcome(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
