package dev.inference.gateway.domain;

import java.util.function.ToIntFunction;

/** Parses a contract enum given by name or by number; anything else is an illegal argument. */
final class EnumValues {
    private EnumValues() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, Object value, ToIntFunction<E> number) {
        if (value instanceof String name) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
        } else if (value instanceof Integer || value instanceof Long) {
            long wanted = ((Number) value).longValue();
            for (E constant : type.getEnumConstants()) {
                if (number.applyAsInt(constant) == wanted) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("unknown value " + describe(value));
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
