package dev.inference.gateway.api;

import dev.inference.gateway.api.dto.GatewayListResponse;
import dev.inference.gateway.api.dto.GatewayRequest;
import dev.inference.gateway.api.dto.GatewayResponse;
import dev.inference.gateway.api.error.BodyLimit;
import dev.inference.gateway.domain.ETags;
import dev.inference.gateway.domain.Gateway;
import dev.inference.gateway.domain.InvalidArgumentException;
import dev.inference.gateway.domain.SpecValidator;
import dev.inference.gateway.security.CurrentCaller;
import dev.inference.gateway.service.GatewayService;
import dev.inference.gateway.service.PageRequest;
import dev.inference.gateway.service.SpecChange;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The v1alpha1 GatewayService over REST: parse and check the request, call one service method, shape the answer. */
@Path("/v1alpha1/inference/gateways")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "GatewayService")
@SecurityRequirement(name = "bearer")
@ApiErrors
public class GatewayResource {
    static final String MERGE_PATCH = "application/merge-patch+json";
    /** RFC 3339 timestamps have four-digit years. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final GatewayService service;
    private final JsonBodies bodies;
    private final CurrentCaller caller;

    GatewayResource(GatewayService service, JsonBodies bodies, CurrentCaller caller) {
        this.service = service;
        this.bodies = bodies;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createGateway", summary = "Create a gateway (idempotent when the body carries an id)")
    @APIResponse(responseCode = "200", description = "The created (or, for a repeated create, the stored) gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    public Uni<RestResponse<GatewayResponse>> createGateway(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GatewayRequest.class)))
            byte[] body) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> bodies.read(limited(body), GatewayRequest.class))
                .chain(request -> service.createGateway(organization, optionalId(request.value().id()),
                                request.value().toDraft())
                        .map(created -> answer(created.gateway(), request.unknownFields())));
    }

    @GET
    @Operation(operationId = "listGateways", summary = "List the caller's gateways, optionally updated after a time "
            + "and paginated (pageSize, pageToken)")
    @APIResponse(responseCode = "200", description = "The gateways",
            content = @Content(schema = @Schema(implementation = GatewayListResponse.class)))
    public Uni<RestResponse<GatewayListResponse>> listGateways(@QueryParam("updatedAfter") String updatedAfter,
            @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> new PageRequest(timestamp("updatedAfter", updatedAfter),
                        integer("pageSize", pageSize), pageToken))
                .chain(request -> service.listGateways(organization, request))
                .map(page -> RestResponse.ok(new GatewayListResponse(
                        page.items().stream().map(GatewayMapper::toDto).toList(), page.nextPageToken())));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getGateway", summary = "Get one gateway (honours If-None-Match)")
    @APIResponse(responseCode = "200", description = "The gateway, with its ETag",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag given in If-None-Match")
    public Uni<RestResponse<GatewayResponse>> getGateway(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> pathId(id))
                .chain(uuid -> service.getGateway(organization, uuid))
                .map(g -> ifNoneMatch != null && ETags.matches(ifNoneMatch, g.version())
                        ? RestResponse.ResponseBuilder.<GatewayResponse>create(RestResponse.Status.NOT_MODIFIED)
                                .header(HttpHeaders.ETAG, ETags.of(g.version())).build()
                        : answer(g, List.of()));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateGateway", summary = "Replace the desired spec (application/json) or merge-patch "
            + "it (application/merge-patch+json); honours If-Match")
    @APIResponse(responseCode = "200", description = "The updated gateway",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    public Uni<RestResponse<GatewayResponse>> updateGateway(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GatewayRequest.class)))
            byte[] body) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> {
            UUID uuid = pathId(id);
            JsonBodies.Parsed<GatewayRequest> request = bodies.read(limited(body), GatewayRequest.class);
            requireSameId(uuid, request.value().id());
            return service.updateGateway(organization, uuid, new SpecChange.Replace(request.value().toDraft()),
                    ifMatch).map(g -> answer(g, request.unknownFields()));
        }).chain(answer -> answer);
    }

    /** Extension: RFC 7396 merge patch of the stored spec. */
    @PATCH
    @Path("/{id}")
    @Consumes(MERGE_PATCH)
    public Uni<RestResponse<GatewayResponse>> mergePatchGateway(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> {
            UUID uuid = pathId(id);
            var patch = bodies.readPatch(limited(body));
            List<String> unknown = new ArrayList<>();
            SpecChange change = new SpecChange.Patch(stored -> {
                GatewayRequest merged = bodies.mergePatch(stored, patch, GatewayRequest.class, unknown);
                requireSameId(uuid, merged.id());
                return merged.toDraft();
            });
            return service.updateGateway(organization, uuid, change, ifMatch).map(g -> answer(g, unknown));
        }).chain(answer -> answer);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteGateway", summary = "Delete a gateway: STATUS_DELETING until every zone is torn "
            + "down; honours If-Match")
    @APIResponse(responseCode = "200", description = "The gateway as deletion starts",
            content = @Content(schema = @Schema(implementation = GatewayResponse.class)))
    public Uni<RestResponse<GatewayResponse>> deleteGateway(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        String organization = caller.organizationId();
        return Uni.createFrom().item(() -> pathId(id))
                .chain(uuid -> service.deleteGateway(organization, uuid, ifMatch))
                .map(g -> answer(g, List.of()));
    }

    private static RestResponse<GatewayResponse> answer(Gateway g, List<String> unknownFields) {
        var builder = RestResponse.ResponseBuilder.ok(new GatewayResponse(GatewayMapper.toDto(g)))
                .header(HttpHeaders.ETAG, ETags.of(g.version()));
        for (String field : unknownFields) {
            builder.header("Warning", "299 - \"unknown field \\\"" + headerSafe(field) + "\\\"\"");
        }
        return builder.build();
    }

    /**
     * A client-chosen field name made safe to quote inside the Warning header's quoted-string: printable ASCII
     * only (anything else, CR/LF and NUL included, would break or inject headers), shortened when long.
     */
    static String headerSafe(String field) {
        String shown = field.length() > 100 ? field.substring(0, 100) + "..." : field;
        StringBuilder safe = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"') {
                safe.append('\'');
            } else if (c == '\\') {
                safe.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                safe.append(String.format("\\\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    private static byte[] limited(byte[] body) {
        if (body != null && body.length > BodyLimit.MAX_BYTES) {
            throw new WebApplicationException(413);
        }
        return body;
    }

    static UUID pathId(String id) {
        return uuid("id", id);
    }

    private static UUID optionalId(String id) {
        return id == null ? null : uuid("id", id);
    }

    private static void requireSameId(UUID pathId, String bodyId) {
        if (bodyId != null && !uuid("id", bodyId).equals(pathId)) {
            throw new InvalidArgumentException("id", "must equal the id in the path");
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(field, "must be a UUID, got " + SpecValidator.quote(value));
        }
    }

    private static Instant timestamp(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException(field, "must be an RFC 3339 timestamp such as 2026-11-25T13:16:47Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidArgumentException(field, "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(field, "must be an integer");
        }
    }
}
