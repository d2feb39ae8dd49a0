package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import dev.inference.gateway.api.contract.GrpcCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.inference.gateway.domain.FieldViolation;
import dev.inference.gateway.domain.GatewayAlreadyExistsException;
import dev.inference.gateway.domain.GatewayDeletingException;
import dev.inference.gateway.domain.GatewayNotFoundException;
import dev.inference.gateway.domain.HistoryExpiredException;
import dev.inference.gateway.domain.HostNameTakenException;
import dev.inference.gateway.domain.QuotaExceededException;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.PreconditionFailedException;
import dev.inference.gateway.domain.RolloutPhaseException;
import dev.inference.gateway.logging.LogThrottle;
import dev.inference.gateway.persistence.PersistenceFailures;
import dev.inference.gateway.domain.TooManyListsException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns every failure into the contract's error body and HTTP status. */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    /** An outage answers many requests 503: log a line now and then, with the count, not one per request. */
    private static final LogThrottle UNAVAILABLE_LOG = new LogThrottle(Duration.ofSeconds(10));

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidArgument(InvalidArgumentException e) {
        return invalid(e.getMessage(), e.violations());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadableJson(JsonProcessingException e) {
        return invalid("body: is not valid JSON", List.of(new FieldViolation("body", "is not valid JSON")));
    }

    /** No token: the operation needs a role. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unauthenticated(UnauthorizedException e) {
        return unauthenticated("missing bearer token");
    }

    /** A malformed Authorization header, or a token nobody issued. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unauthenticated(AuthenticationFailedException e) {
        return unauthenticated(e.getMessage() == null ? "unknown bearer token" : e.getMessage());
    }

    private static RestResponse<ErrorBody> unauthenticated(String message) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.UNAUTHORIZED,
                        ErrorBody.of(GrpcCode.UNAUTHENTICATED, message))
                .header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A token without the role the operation declares (a viewer writing, a token with no inference role). */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> permissionDenied(ForbiddenException e) {
        return error(403, GrpcCode.PERMISSION_DENIED, "the caller's role does not allow this operation (reads need "
                + "inference-viewer or inference-admin, writes inference-admin)");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> historyExpired(HistoryExpiredException e) {
        return error(410, GrpcCode.ABORTED, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooManyLists(TooManyListsException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.TOO_MANY_REQUESTS, ErrorBody.of(GrpcCode.RESOURCE_EXHAUSTED, e.getMessage()))
                .header("Retry-After", "1")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A quota of the caller's organization: the rate (with when to retry) or the gateway count. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> quotaExceeded(QuotaExceededException e) {
        RestResponse.ResponseBuilder<ErrorBody> answer = RestResponse.ResponseBuilder.create(
                        RestResponse.Status.TOO_MANY_REQUESTS, ErrorBody.quota(e.getMessage(), e.subject(), e.description()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (e.retryAfter() != null) {
            answer.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        }
        return answer.build();
    }

    /** An additionalDns name another gateway holds: who holds it is not said. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> hostNameTaken(HostNameTakenException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.CONFLICT,
                        ErrorBody.withViolations(GrpcCode.ALREADY_EXISTS, e.getMessage(), e.violations()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notFound(GatewayNotFoundException e) {
        return error(404, GrpcCode.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> alreadyExists(GatewayAlreadyExistsException e) {
        return error(409, GrpcCode.ALREADY_EXISTS, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> preconditionFailed(PreconditionFailedException e) {
        return error(412, GrpcCode.FAILED_PRECONDITION, e.getMessage());
    }

    /** An action that does not fit the rollout's phase: the contract's 400 FAILED_PRECONDITION, naming the phase. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> rolloutPhase(RolloutPhaseException e) {
        return error(400, GrpcCode.FAILED_PRECONDITION, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> deleting(GatewayDeletingException e) {
        return error(409, GrpcCode.FAILED_PRECONDITION, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> concurrentChange(StaleStateException e) {
        return error(409, GrpcCode.ABORTED, "the gateway changed concurrently; retry the request");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        if (e.getCause() instanceof InvalidArgumentException invalid) {
            return invalidArgument(invalid); // a path or query parameter that did not convert (ContractParams)
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> error(404, GrpcCode.NOT_FOUND, "no such resource");
            case 405 -> error(405, GrpcCode.UNIMPLEMENTED, "method not allowed on this resource");
            case 406 -> error(406, GrpcCode.INVALID_ARGUMENT, "this service answers application/json only");
            case 413 -> error(413, GrpcCode.INVALID_ARGUMENT, BodyLimit.MESSAGE);
            case 415 -> error(415, GrpcCode.INVALID_ARGUMENT,
                    "unsupported media type: send application/json (or application/merge-patch+json on PATCH)");
            default -> status >= 500
                    ? unexpected(e)
                    : error(status, GrpcCode.INVALID_ARGUMENT, e.getMessage() == null ? "bad request" : e.getMessage());
        };
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> any(Throwable e) {
        if (PersistenceFailures.isUnavailable(e)) {
            UNAVAILABLE_LOG.log(suppressed -> LOG.warnf("database unavailable%s: %s",
                    suppressed > 0 ? " (" + suppressed + " more answers 503 since the last line)" : "", e.toString()));
            return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                            ErrorBody.of(GrpcCode.UNAVAILABLE, "the database is unavailable; retry later"))
                    .header("Retry-After", "1")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        if (e instanceof StaleStateException || e instanceof jakarta.persistence.OptimisticLockException
                || PersistenceFailures.isConflict(e)) {
            return concurrentChange(null);
        }
        return unexpected(e);
    }

    private static RestResponse<ErrorBody> unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return error(500, GrpcCode.INTERNAL, "internal error");
    }

    static RestResponse<ErrorBody> invalid(String message, List<FieldViolation> violations) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.BAD_REQUEST,
                        ErrorBody.invalid(message, violations))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    static RestResponse<ErrorBody> error(int status, GrpcCode code, String message) {
        return RestResponse.ResponseBuilder.create(Response.Status.fromStatusCode(status) == null
                        ? RestResponse.Status.BAD_REQUEST
                        : RestResponse.Status.fromStatusCode(status), ErrorBody.of(code, message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

}
