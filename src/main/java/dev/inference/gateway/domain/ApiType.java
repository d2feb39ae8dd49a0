package dev.inference.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The wire protocol a body-routed gateway understands. {@code API_TYPE_UNSPECIFIED} is rejected. */
public enum ApiType {
    API_TYPE_UNSPECIFIED(0),
    API_TYPE_OPENAI(1);

    private final int number;

    ApiType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Accepts the name or the number, as older clients send numbers. */
    @JsonCreator
    public static ApiType fromJson(Object value) {
        return EnumValues.parse(ApiType.class, value, ApiType::number);
    }
}
