package dev.inference.gateway.api.contract;

import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.SpecValidator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * The contract's scalar values in paths, queries and bodies: gateway ids (a UUID in its canonical 36-character form,
 * any case), timestamps (RFC 3339, years 0001 to 9999) and integers. A value that does not parse is a 400
 * {@code INVALID_ARGUMENT} naming the field.
 */
public final class ContractValues {
    /** RFC 3339 timestamps have four-digit years. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private ContractValues() {
    }

    public static UUID uuid(String name, String value) {
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(name, "must be a UUID, got " + SpecValidator.quote(value));
        }
    }

    public static Instant timestamp(String name, String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException(name, "must be an RFC 3339 timestamp such as 2026-11-25T13:16:47Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidArgumentException(name, "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    public static Integer integer(String name, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(name, "must be an integer");
        }
    }

}
