package dev.inference.gateway.domain;

/** The wire protocol a body-routed gateway understands. {@code API_TYPE_UNSPECIFIED} is rejected. */
public enum ApiType implements ContractEnum {
    API_TYPE_UNSPECIFIED(0),
    API_TYPE_OPENAI(1);

    private final int number;

    ApiType(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
