package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inference.gateway.domain.FieldViolation;
import java.util.List;

/** The {@code google.rpc.Status} JSON that gRPC-transcoding gateways emit. */
public record ErrorBody(int code, String message, List<Detail> details) {

    /** A {@code google.protobuf.Any} of the details: its {@code @type} names which. */
    public sealed interface Detail permits BadRequest, QuotaFailure {
    }

    /** {@code google.rpc.BadRequest}: the fields a request got wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BadRequest(
            @JsonProperty("@type") String type,
            List<FieldViolation> fieldViolations) implements Detail {
        public static final String TYPE = "type.googleapis.com/google.rpc.BadRequest";
    }

    /** {@code google.rpc.QuotaFailure}: which quota a request ran into. */
    public record QuotaFailure(
            @JsonProperty("@type") String type,
            List<Violation> violations) implements Detail {
        public static final String TYPE = "type.googleapis.com/google.rpc.QuotaFailure";

        public record Violation(String subject, String description) {
        }
    }

    public static ErrorBody of(GrpcCode code, String message) {
        return new ErrorBody(code.number(), message, List.of());
    }

    public static ErrorBody invalid(String message, List<FieldViolation> violations) {
        return withViolations(GrpcCode.INVALID_ARGUMENT, message, violations);
    }

    public static ErrorBody withViolations(GrpcCode code, String message, List<FieldViolation> violations) {
        return new ErrorBody(code.number(), message, List.of(new BadRequest(BadRequest.TYPE, violations)));
    }

    public static ErrorBody quota(String message, String subject, String description) {
        return new ErrorBody(GrpcCode.RESOURCE_EXHAUSTED.number(), message,
                List.of(new QuotaFailure(QuotaFailure.TYPE, List.of(new QuotaFailure.Violation(subject, description)))));
    }
}
