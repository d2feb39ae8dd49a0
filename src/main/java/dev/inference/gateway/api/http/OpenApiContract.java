package dev.inference.gateway.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The OpenAPI document, exact per operation: the error answers each operation can give (and no other), every one
 * with the {@code google.rpc.Status} body, and the bearer scheme as it is. One table, so that a new operation or a
 * new error is declared once (registered as {@code mp.openapi.filter}).
 */
public class OpenApiContract implements OASFilter {
    /** An error answer: HTTP status, and when an operation gives it (the google.rpc code in front). */
    record Error(String status, String description) {
    }

    static final Error BAD_REQUEST = new Error("400", "INVALID_ARGUMENT (3): an invalid field, query parameter or id");
    static final Error UNAUTHENTICATED = new Error("401", "UNAUTHENTICATED (16): missing or unknown bearer token");
    static final Error VIEWER_WRITING = new Error("403", "PERMISSION_DENIED (7): the caller may only read");
    static final Error NOT_FOUND = new Error("404", "NOT_FOUND (5): no such gateway in the caller's organization");
    static final Error NOT_ACCEPTABLE = new Error("406", "INVALID_ARGUMENT (3): Accept names no media type this "
            + "operation answers");
    static final Error TOO_LARGE = new Error("413", "INVALID_ARGUMENT (3): body larger than 64 KiB");
    static final Error MEDIA_TYPE = new Error("415", "INVALID_ARGUMENT (3): unsupported media type");
    static final Error UNAVAILABLE = new Error("503", "UNAVAILABLE (14): the database is unavailable, or the instance "
            + "is shutting down; retry after Retry-After");
    static final Error STALE = new Error("412", "FAILED_PRECONDITION (9): If-Match does not match the gateway's ETag");

    /** The errors of each operation, by operationId. */
    static final Map<String, List<Error>> ERRORS = errors();

    private static Map<String, List<Error>> errors() {
        Map<String, List<Error>> errors = new LinkedHashMap<>();
        errors.put("getGatewayParameters", List.of(UNAUTHENTICATED, NOT_ACCEPTABLE));
        errors.put("createGateway", List.of(new Error("400", "INVALID_ARGUMENT (3): an invalid field or malformed "
                + "JSON (a BadRequest detail names each field)"), UNAUTHENTICATED, VIEWER_WRITING, NOT_ACCEPTABLE,
                new Error("409", "ALREADY_EXISTS (6): the id is used with another spec"), TOO_LARGE, MEDIA_TYPE,
                UNAVAILABLE));
        errors.put("listGateways", List.of(BAD_REQUEST, UNAUTHENTICATED, NOT_ACCEPTABLE,
                new Error("410", "ABORTED (10): watch from a resourceVersion older than the kept history"),
                new Error("429", "RESOURCE_EXHAUSTED (8): too many unpaged lists at once on this instance; retry after "
                        + "Retry-After"), UNAVAILABLE));
        errors.put("getGateway", List.of(BAD_REQUEST, UNAUTHENTICATED, NOT_FOUND, NOT_ACCEPTABLE, UNAVAILABLE));
        errors.put("updateGateway", List.of(new Error("400", "INVALID_ARGUMENT (3): an invalid field, malformed JSON "
                + "or an id other than the path's"), UNAUTHENTICATED, VIEWER_WRITING, NOT_FOUND, NOT_ACCEPTABLE,
                new Error("409", "FAILED_PRECONDITION (9): the gateway is being deleted; ABORTED (10): it changed "
                        + "concurrently, retry"), STALE, TOO_LARGE, MEDIA_TYPE, UNAVAILABLE));
        errors.put("deleteGateway", List.of(BAD_REQUEST, UNAUTHENTICATED, VIEWER_WRITING, NOT_FOUND, NOT_ACCEPTABLE,
                new Error("409", "ABORTED (10): the gateway changed concurrently, retry"), STALE, UNAVAILABLE));
        Error phase = new Error("400", "FAILED_PRECONDITION (9): the action does not fit the rollout's phase (the "
                + "message names it); INVALID_ARGUMENT (3): a bad id or body");
        Error deleting = new Error("409", "FAILED_PRECONDITION (9): the gateway is being deleted; ABORTED (10): it "
                + "changed concurrently, retry");
        for (String action : List.of("pauseRollout", "resumeRollout", "abortRollout")) {
            errors.put(action, List.of(phase, UNAUTHENTICATED, VIEWER_WRITING, NOT_FOUND, NOT_ACCEPTABLE, deleting,
                    STALE, UNAVAILABLE));
        }
        errors.put("rollback", List.of(new Error("400", "FAILED_PRECONDITION (9): no earlier revision to go back "
                + "to; INVALID_ARGUMENT (3): a revision that is not kept, a bad id or body"), UNAUTHENTICATED,
                VIEWER_WRITING, NOT_FOUND, NOT_ACCEPTABLE, deleting, STALE, TOO_LARGE, MEDIA_TYPE, UNAVAILABLE));
        errors.put("listRevisions", List.of(BAD_REQUEST, UNAUTHENTICATED, NOT_FOUND, NOT_ACCEPTABLE, UNAVAILABLE));
        return Map.copyOf(errors);
    }

    @Override
    public Operation filterOperation(Operation operation) {
        List<Error> errors = ERRORS.get(operation.getOperationId());
        if (errors == null || operation.getResponses() == null) {
            return operation;
        }
        for (Error error : errors) {
            operation.getResponses().addAPIResponse(error.status(), OASFactory.createAPIResponse()
                    .description(error.description())
                    .content(errorBody()));
        }
        return operation;
    }

    private static Content errorBody() {
        return OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("ErrorBody")));
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSecurityScheme("bearer", OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("Authorization: Bearer <token>. The token decides the caller's organization and role "
                        + "(admin or viewer); it is an opaque token configured on the service (gateway.auth.tokens)."));
    }
}
