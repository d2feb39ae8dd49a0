package dev.inference.gateway.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inference.gateway.domain.FieldViolation;
import java.util.List;

/** The {@code google.rpc.Status} JSON that gRPC-transcoding gateways emit. */
public record ErrorBody(int code, String message, List<BadRequest> details) {

    /** {@code google.rpc.BadRequest}: the fields a request got wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BadRequest(
            @JsonProperty("@type") String type,
            List<FieldViolation> fieldViolations) {
        public static final String TYPE = "type.googleapis.com/google.rpc.BadRequest";
    }

    public static ErrorBody of(GrpcCode code, String message) {
        return new ErrorBody(code.number(), message, List.of());
    }

    public static ErrorBody invalid(String message, List<FieldViolation> violations) {
        return new ErrorBody(GrpcCode.INVALID_ARGUMENT.number(), message,
                List.of(new BadRequest(BadRequest.TYPE, violations)));
    }
}
