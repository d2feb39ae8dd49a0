package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The contract's error answers, for the OpenAPI document: every one has the google.rpc.Status body. */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@APIResponse(responseCode = "400", description = "INVALID_ARGUMENT (3): invalid field, malformed JSON, bad UUID",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "401", description = "UNAUTHENTICATED (16): missing or unknown bearer token",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "403", description = "PERMISSION_DENIED (7): a viewer token writing",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "404", description = "NOT_FOUND (5): no such gateway in the caller's organization",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "409", description = "ALREADY_EXISTS (6): create with a used id and another spec; "
        + "FAILED_PRECONDITION (9): update of a gateway being deleted; ABORTED (10): concurrent change, retry",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "412", description = "FAILED_PRECONDITION (9): If-Match does not match",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "413", description = "INVALID_ARGUMENT (3): body larger than 64 KiB",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "415", description = "INVALID_ARGUMENT (3): unsupported media type",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "503", description = "UNAVAILABLE (14): the database is unavailable",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
public @interface ApiErrors {
}
